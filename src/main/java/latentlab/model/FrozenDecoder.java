package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * The course decoder for weights that no longer change (the explorer's copy), for decoding without
 * gradients. Same operations and numbers as {@link CourseVae#decode}.
 */
public final class FrozenDecoder {
    private final VaeWeights weights;

    public FrozenDecoder(VaeWeights weights) {
        this.weights = weights;
    }

    public int latent() {
        return weights.latent();
    }

    /** Latent codes (N, latent) → pixels in [0,1] (N, 1, 28, 28); call with gradients off, inside a scope. */
    public NDArray decode(NDArray z) {
        NDArray h = Activation.relu(Linear.linear(z, weights.get("dec_fc.weight"), weights.get("dec_fc.bias"))
                .singletonOrThrow()).reshape(z.getShape().get(0), 64, 7, 7);
        h = Activation.relu(TransposedConvolution.stride2(h, weights.get("dec_deconv1.weight"), weights.get("dec_deconv1.bias")));
        h = Activation.relu(TransposedConvolution.stride2(h, weights.get("dec_deconv2.weight"), weights.get("dec_deconv2.bias")));
        return Activation.sigmoid(TransposedConvolution.stride1(h, weights.get("dec_deconv3.weight"), weights.get("dec_deconv3.bias")));
    }
}
