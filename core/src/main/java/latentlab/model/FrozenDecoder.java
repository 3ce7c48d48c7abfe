package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * The course decoder for weights that no longer change (the explorer's copy), for decoding without
 * gradients: the same function as {@link CourseVae#decode}, run as one call into libtorch
 * ({@code frozen_decoder.pt}, see {@link BundledTorchScript}) instead of a dozen DJL operations, with a
 * formulation for a single code that suits batch 1 (each transposed convolution as one matrix product
 * and col2im). About half the time of the same decode as DJL operations, level with PyTorch; the
 * figures are in docs/performance.md ("where the single decode's time goes").
 */
public final class FrozenDecoder {
    /** The decoder's tensors by PyTorch name, in the order its module takes them (the browser's graph too). */
    public static final List<String> DECODER_WEIGHTS = List.of("dec_fc.weight", "dec_fc.bias",
            "dec_deconv1.weight", "dec_deconv1.bias", "dec_deconv2.weight", "dec_deconv2.bias",
            "dec_deconv3.weight", "dec_deconv3.bias");

    private final int latent;
    private final NDList weights = new NDList();

    public FrozenDecoder(VaeWeights weights) {
        this.latent = weights.latent();
        DECODER_WEIGHTS.forEach(name -> this.weights.add(weights.get(name)));
    }

    public int latent() {
        return latent;
    }

    /** Latent codes (N, latent) → pixels in [0,1] (N, 1, 28, 28); call with gradients off, inside a scope. */
    public NDArray decode(NDArray z) {
        NDList arguments = new NDList(DECODER_WEIGHTS.size() + 1);
        arguments.add(z);
        arguments.addAll(weights);
        return Module.INSTANCE.call(arguments).singletonOrThrow();
    }

    /** Loaded once per process, on first use. */
    private static final class Module {
        static final BundledTorchScript INSTANCE = BundledTorchScript.load("frozen_decoder.pt");
    }
}
