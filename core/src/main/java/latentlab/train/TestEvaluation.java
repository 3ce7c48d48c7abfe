package latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import latentlab.model.CourseVae;
import latentlab.model.VaeArchitecture;
import latentlab.model.VaeLoss;

/**
 * Scores a model on the 10,000 test images with z = mu (as the course does): BCE and KLD per image,
 * mean KL per latent dimension, and how many of the 16 hidden ReLU units fire for at least one image.
 */
final class TestEvaluation {
    private static final int BATCH = 1000;

    record Result(double bce, double kld, double[] klPerDimension, int liveUnits) {}

    private TestEvaluation() {}

    /** {@code images}: the test set as uint8 (N, 1, 28, 28) on the training device. */
    static Result run(CourseVae vae, NDArray images) {
        long count = images.getShape().get(0);
        int latent = vae.latent();
        double bce = 0;
        double kld = 0;
        double[] klPerDim = new double[latent];
        float[] hiddenMax = new float[VaeArchitecture.HIDDEN_UNITS];
        for (long start = 0; start < count; start += BATCH) {
            long end = Math.min(count, start + BATCH);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = images.get(new NDIndex(start + ":" + end)).toType(DataType.FLOAT32, false).div(255f);
                CourseVae.Encoding enc = vae.encode(x);
                NDArray logits = vae.decodeLogits(enc.mu());
                bce += VaeLoss.bce(logits, x).getFloat();
                float[] kl = VaeLoss.klPerDimension(enc.mu(), enc.logvar()).sum(new int[] {0}).toFloatArray();
                for (int d = 0; d < latent; d++) {
                    klPerDim[d] += kl[d];
                    kld += kl[d];
                }
                float[] hidden = enc.hidden().max(new int[] {0}).toFloatArray();
                for (int u = 0; u < hidden.length; u++) {
                    hiddenMax[u] = Math.max(hiddenMax[u], hidden[u]);
                }
            }
        }
        int live = 0;
        for (float h : hiddenMax) {
            if (h > 0) {
                live++;
            }
        }
        for (int d = 0; d < latent; d++) {
            klPerDim[d] /= count;
        }
        return new Result(bce / count, kld / count, klPerDim, live);
    }
}
