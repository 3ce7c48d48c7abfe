package latentlab.train;

import java.util.List;

/**
 * One epoch's results, per image in nats. Train figures average the epoch's batches (sampled z); test
 * figures use all 10,000 test images with z = mu. {@code klPerDimension} and {@code activeDims} (mean
 * KL above {@link #ACTIVE_KL} nats) and {@code liveUnits} (of the encoder's 16-unit ReLU layer, alive
 * for at least one test image) come from the test set. {@code collapsed}: no live unit or no active
 * dimension, so the encoder ignores its input.
 */
public record EpochMetrics(int epoch, double trainBce, double trainKld, double testBce, double testKld,
                           List<Double> klPerDimension, int activeDims, int liveUnits, boolean collapsed,
                           double seconds, double imagesPerSecond) {
    public static final double ACTIVE_KL = 0.01;

    public double testLoss() {
        return testBce + testKld;
    }
}
