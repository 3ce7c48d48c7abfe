package latentlab.explore;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import latentlab.model.Safetensors;
import latentlab.model.Safetensors.Tensor;

/**
 * An epoch's latent map as the browser takes it, one safetensors file (docs/api.md): {@code mu} and
 * {@code logvar} of every test digit (F32, count × latent), {@code labels} (U8), the map's 2-D
 * {@code points} (F32, count × 2), and the projection's {@code mean} (latent) and {@code axes}
 * (2 × latent); the metadata names the run, epoch, latent size, method, explained variance and the
 * largest code the explorer decodes.
 */
public final class LatentMapFile {
    private LatentMapFile() {}

    public static byte[] write(LatentMap map) {
        int n = map.labels().length;
        int d = map.latent();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("mu", Tensor.f32(map.mu(), n, d));
        tensors.put("logvar", Tensor.f32(map.logvar(), n, d));
        tensors.put("labels", Tensor.u8(map.labels(), n));
        tensors.put("mean", Tensor.f32(floats(map.mean()), d));
        float[] axes = new float[2 * d];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < d; i++) {
                axes[k * d + i] = k < map.axes().length ? (float) map.axes()[k][i] : 0f;
            }
        }
        tensors.put("axes", Tensor.f32(axes, 2, d));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("run", map.runId());
        metadata.put("epoch", String.valueOf(map.epoch()));
        metadata.put("latent", String.valueOf(d));
        metadata.put("method", map.method());
        metadata.put("explained", String.format(Locale.ROOT, "%.6f,%.6f", map.explained()[0], map.explained()[1]));
        metadata.put("z_limit", String.valueOf(Explorer.Z_LIMIT));
        return Safetensors.write(tensors, metadata);
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
