package latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import latentlab.model.CourseVae;
import latentlab.model.Scalars;
import latentlab.model.VaeArchitecture;
import latentlab.model.VaeLoss;

/**
 * Scores a model on the 10,000 test images with z = mu (as the course does): BCE and KLD per image,
 * mean KL per latent dimension, and how many of the 16 hidden ReLU units fire for at least one image.
 * Each block of images leaves its sums on the device; they come to the host in one read at the end (on a
 * GPU, each read waits for the device), and are added up there in the same order as before.
 */
final class TestEvaluation {
    private static final int BATCH = 1000;

    record Result(double bce, double kld, double[] klPerDimension, int liveUnits) {}

    private TestEvaluation() {}

    /** {@code images}: the test set as uint8 (N, 1, 28, 28) on the training device. */
    static Result run(CourseVae vae, NDArray images, DeviceReads reads) {
        long count = images.getShape().get(0);
        int latent = vae.latent();
        int hiddenUnits = VaeArchitecture.HIDDEN_UNITS;
        int row = 1 + latent + hiddenUnits; // per block: BCE, KL per dimension, each hidden unit's largest value
        float[] values;
        try (NDManager blocks = images.getManager().newSubManager()) {
            NDList rows = new NDList();
            NDArray byteScale = Scalars.of(blocks, 255f);
            for (long start = 0; start < count; start += BATCH) {
                long end = Math.min(count, start + BATCH);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = images.get(new NDIndex(start + ":" + end)).toType(DataType.FLOAT32, false).div(byteScale);
                    CourseVae.Encoding enc = vae.encode(x);
                    NDArray logits = vae.decodeLogits(enc.mu());
                    NDArray block = NDArrays.concat(new NDList(VaeLoss.bce(logits, x).reshape(1),
                            VaeLoss.klPerDimension(enc.mu(), enc.logvar()).sum(new int[] {0}),
                            enc.hidden().max(new int[] {0})));
                    NDScope.unregister(block);
                    block.attach(blocks);
                    rows.add(block);
                }
            }
            try (NDArray all = NDArrays.stack(rows)) {
                values = reads.floats(all);
            }
        }
        double bce = 0;
        double kld = 0;
        double[] klPerDim = new double[latent];
        float[] hiddenMax = new float[hiddenUnits];
        for (int b = 0; b * row < values.length; b++) {
            int at = b * row;
            bce += values[at];
            for (int d = 0; d < latent; d++) {
                klPerDim[d] += values[at + 1 + d];
                kld += values[at + 1 + d];
            }
            for (int u = 0; u < hiddenUnits; u++) {
                hiddenMax[u] = Math.max(hiddenMax[u], values[at + 1 + latent + u]);
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
