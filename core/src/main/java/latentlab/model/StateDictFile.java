package latentlab.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The course VAE's weights as a safetensors file under PyTorch's state-dict names and shapes, in
 * state-dict order: what {@code model.load_state_dict(safetensors.torch.load_file(f))} takes. The whole
 * model, or only its decoder (the browser's share).
 */
public final class StateDictFile {
    private StateDictFile() {}

    /** All tensors. */
    public static byte[] write(int latent, Map<String, float[]> weights, Map<String, String> metadata) {
        return write(latent, weights, metadata, name -> true);
    }

    /** The decoder's tensors only ({@link FrozenDecoder#DECODER_WEIGHTS}). */
    public static byte[] writeDecoder(int latent, Map<String, float[]> weights, Map<String, String> metadata) {
        return write(latent, weights, metadata, FrozenDecoder.DECODER_WEIGHTS::contains);
    }

    private static byte[] write(int latent, Map<String, float[]> weights, Map<String, String> metadata, Predicate<String> keep) {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        for (ParameterSpec spec : VaeArchitecture.parameters(latent)) {
            if (keep.test(spec.name())) {
                float[] values = weights.get(spec.name());
                if (values == null) {
                    throw new IllegalArgumentException("no weights for " + spec.name());
                }
                tensors.put(spec.name(), Safetensors.Tensor.f32(values, spec.shape().getShape()));
            }
        }
        return Safetensors.write(tensors, metadata);
    }

    /** A whole model's weights read back; the latent size is read off {@code dec_fc.weight}, every name and shape checked. */
    public static Map<String, float[]> read(byte[] file) throws IOException {
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(file).tensors();
        Safetensors.Tensor fc = tensors.get("dec_fc.weight");
        if (fc == null || fc.shape().length != 2) {
            throw new IOException("not the course VAE's weights: no dec_fc.weight of two dimensions");
        }
        int latent = (int) fc.shape()[1];
        List<ParameterSpec> specs = VaeArchitecture.parameters(latent);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            Safetensors.Tensor t = tensors.get(spec.name());
            if (t == null || t.floats() == null || !Arrays.equals(t.shape(), spec.shape().getShape())) {
                throw new IOException("not the course VAE's weights at latent " + latent + ": " + spec.name()
                        + (t == null ? " is missing" : " has shape " + Arrays.toString(t.shape()) + " or dtype other than F32"));
            }
            weights.put(spec.name(), t.floats());
        }
        if (tensors.size() != specs.size()) {
            throw new IOException("not the course VAE's weights: " + tensors.size() + " tensors, expected " + specs.size());
        }
        return weights;
    }

    /** The latent size of a state dict's weights. */
    public static int latentOf(Map<String, float[]> weights) {
        return weights.get("dec_fc.weight").length / VaeArchitecture.FEATURES;
    }
}
