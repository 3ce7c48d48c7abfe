package latentlab.train;

import java.util.List;

/**
 * One epoch's results, per image in nats. Train figures average the epoch's batches (sampled z); test
 * figures use all 10,000 test images with z = mu. {@code klPerDimension} and {@code activeDims} (mean
 * KL above {@link #ACTIVE_KL} nats) and {@code liveUnits} (of the encoder's 16-unit ReLU layer, alive
 * for at least one test image) come from the test set. {@code collapsed}: the codes carry less than
 * {@link #COLLAPSED_KL} nats per test image in all (or no hidden unit is alive), too little even to tell
 * the ten digits apart (that needs ln 10 ≈ 2.3 nats): the encoder has in effect stopped using its input.
 * Learning runs carry 4–6 nats after one epoch at latent 2; collapsed ones 0.02–0.5. A model that has
 * seen fewer than {@link #COLLAPSE_AFTER_IMAGES} images may simply not have learned yet, so only dead
 * units count as collapse before that.
 */
public record EpochMetrics(int epoch, double trainBce, double trainKld, double testBce, double testKld,
                           List<Double> klPerDimension, int activeDims, int liveUnits, boolean collapsed,
                           double seconds, double imagesPerSecond) {
    public static final double ACTIVE_KL = 0.01;
    public static final double COLLAPSED_KL = 1.0;
    public static final long COLLAPSE_AFTER_IMAGES = 20_000;

    public double testLoss() {
        return testBce + testKld;
    }
}
