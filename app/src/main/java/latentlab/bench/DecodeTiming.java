package latentlab.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import latentlab.model.FrozenDecoder;
import latentlab.model.GradMode;

/** How long the explorer's decoder takes for a batch of random codes, to host pixels, as the reference times it. */
final class DecodeTiming {
    static final int UNTIMED = 50;

    private DecodeTiming() {}

    /** The median of {@code iterations} decodes of {@code count} codes, in milliseconds, after 50 untimed. */
    static double medianMillis(FrozenDecoder decoder, NDManager manager, int count, int iterations) {
        int latent = decoder.latent();
        SplittableRandom random = new SplittableRandom(2);
        double[] seconds = new double[iterations];
        for (int i = -UNTIMED; i < iterations; i++) {
            float[] z = new float[count * latent];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) random.nextGaussian();
            }
            long started = System.nanoTime();
            GradMode.off(() -> {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    decoder.decode(manager.create(z, new Shape(count, latent))).toFloatArray();
                }
            });
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - started) / 1e9;
            }
        }
        return Median.of(seconds) * 1e3;
    }
}
