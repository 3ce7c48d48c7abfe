package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The course loss, summed over pixels and images: BCE(sum) + KLD. BCE is computed from the decoder's
 * logits as softplus(l) − x·l, the same value as −(x·log r + (1−x)·log(1−r)) with r = sigmoid(l) but
 * with a finite gradient where the sigmoid saturates (the literal form gives 0/0 = NaN there).
 */
public final class VaeLoss {
    private VaeLoss() {}

    /** Summed binary cross-entropy between pixels x in [0,1] and sigmoid(logits). */
    public static NDArray bce(NDArray logits, NDArray x) {
        return Activation.softPlus(logits).sub(x.mul(logits)).sum();
    }

    /** KL(N(mu, exp(logvar)) ‖ N(0, I)) per image and latent dimension, shape (N, latent). */
    public static NDArray klPerDimension(NDArray mu, NDArray logvar) {
        return mu.square().add(logvar.exp()).sub(logvar).sub(Scalars.of(mu, 1f)).mul(Scalars.of(mu, 0.5f));
    }

    /** Summed KLD = −0.5 · Σ(1 + logvar − mu² − exp(logvar)). */
    public static NDArray kld(NDArray mu, NDArray logvar) {
        return klPerDimension(mu, logvar).sum();
    }
}
