package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * The course decoder for weights that no longer change (the explorer's copy): the convolution kernels
 * the transposed convolutions need are derived once here instead of on every call, which was about half
 * the time of decoding one slider position. Same operations and numbers as {@link CourseVae#decode};
 * no gradients. Its kernels live on the weights' manager.
 */
public final class FrozenDecoder {
    private final VaeWeights weights;
    private final NDArray deconv1Kernel;
    private final NDArray deconv1Bias;
    private final NDArray deconv2Kernel;
    private final NDArray deconv2Bias;
    private final NDArray deconv3Kernel;
    private final NDArray deconv3Bias;

    public FrozenDecoder(VaeWeights weights) {
        this.weights = weights;
        NDManager manager = weights.manager();
        TransposedConvolution transposed = new TransposedConvolution(manager);
        try (NDScope scope = new NDScope()) { // frees the intermediate arrays
            scope.suppressNotUsedWarning();
            this.deconv1Kernel = owned(manager, transposed.phaseKernel(weights.get("dec_deconv1.weight")));
            this.deconv1Bias = owned(manager, weights.get("dec_deconv1.bias").tile(4));
            this.deconv2Kernel = owned(manager, transposed.phaseKernel(weights.get("dec_deconv2.weight")));
            this.deconv2Bias = owned(manager, weights.get("dec_deconv2.bias").tile(4));
            this.deconv3Kernel = owned(manager, transposed.onPhasesKernel(weights.get("dec_deconv3.weight")));
            this.deconv3Bias = owned(manager, weights.get("dec_deconv3.bias").tile(4));
        }
    }

    private static NDArray owned(NDManager manager, NDArray derived) {
        NDArray copy = derived.duplicate(); // contiguous, so every call reads it as one block
        NDScope.unregister(copy);
        copy.attach(manager);
        return copy;
    }

    public int latent() {
        return weights.latent();
    }

    /** Latent codes (N, latent) → pixels in [0,1] (N, 1, 28, 28); call with gradients off, inside a scope. */
    public NDArray decode(NDArray z) {
        NDArray h = Activation.relu(Linear.linear(z, weights.get("dec_fc.weight"), weights.get("dec_fc.bias"))
                .singletonOrThrow()).reshape(z.getShape().get(0), 64, 7, 7);
        h = Activation.relu(TransposedConvolution.stride2Phased(h, deconv1Kernel, deconv1Bias));
        NDArray phases = Activation.relu(TransposedConvolution.stride2PhasesWith(h, deconv2Kernel, deconv2Bias));
        return Activation.sigmoid(TransposedConvolution.stride1OnPhasesWith(phases, deconv3Kernel, deconv3Bias));
    }
}
