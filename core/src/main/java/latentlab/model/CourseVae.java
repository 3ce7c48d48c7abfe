package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/**
 * The course VAE's forward pass over a set of {@link VaeWeights}. It owns no native memory of its
 * own; every array it returns belongs to the caller, who runs it inside an
 * {@link ai.djl.ndarray.NDScope} (or closes the results) so nothing piles up in the weights' manager.
 */
public final class CourseVae {
    private final VaeWeights weights;

    public CourseVae(VaeWeights weights) {
        this.weights = weights;
    }

    public VaeWeights weights() {
        return weights;
    }

    public int latent() {
        return weights.latent();
    }

    /** The encoder's outputs: run-time activations, not weights. {@code hidden} is the 16-unit ReLU layer. */
    public record Encoding(NDArray mu, NDArray logvar, NDArray hidden) {}

    /** Pixels (N, 1, 28, 28) in [0,1] → mu and logvar (N, latent). */
    public Encoding encode(NDArray x) {
        NDArray h = Activation.relu(conv(x, "enc_conv1"));
        h = Activation.relu(conv(h, "enc_conv2"));
        h = h.reshape(h.getShape().get(0), VaeArchitecture.FEATURES);
        NDArray hidden = Activation.relu(linear(h, "enc_fc"));
        return new Encoding(linear(hidden, "fc_mu"), linear(hidden, "fc_logvar"), hidden);
    }

    /** The reparameterisation trick: z = mu + exp(logvar / 2) · eps. */
    public static NDArray sample(NDArray mu, NDArray logvar, NDArray eps) {
        return mu.add(logvar.mul(Scalars.of(logvar, 0.5f)).exp().mul(eps));
    }

    /** Latent codes (N, latent) → logits of the pixels (N, 1, 28, 28); the image is their sigmoid. */
    public NDArray decodeLogits(NDArray z) {
        NDArray h = Activation.relu(linear(z, "dec_fc")).reshape(z.getShape().get(0), 64, 7, 7);
        h = Activation.relu(TransposedConvolution.stride2(h, weights.get("dec_deconv1.weight"), weights.get("dec_deconv1.bias")));
        h = Activation.relu(TransposedConvolution.stride2(h, weights.get("dec_deconv2.weight"), weights.get("dec_deconv2.bias")));
        return TransposedConvolution.stride1(h, weights.get("dec_deconv3.weight"), weights.get("dec_deconv3.bias"));
    }

    /** Latent codes → pixels in [0,1]. */
    public NDArray decode(NDArray z) {
        return Activation.sigmoid(decodeLogits(z));
    }

    private NDArray conv(NDArray x, String layer) {
        return Conv2d.conv2d(x, weights.get(layer + ".weight"), weights.get(layer + ".bias"),
                new Shape(2, 2), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
    }

    private NDArray linear(NDArray x, String layer) {
        return Linear.linear(x, weights.get(layer + ".weight"), weights.get(layer + ".bias")).singletonOrThrow();
    }
}
