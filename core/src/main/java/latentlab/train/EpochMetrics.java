package latentlab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * One epoch's results, per image in nats. Train figures average the epoch's batches (sampled z); test
 * figures use all 10,000 test images with z = mu. {@code klPerDimension} and {@code activeDims} (mean
 * KL above {@link #ACTIVE_KL} nats) and {@code liveUnits} (of the encoder's 16-unit ReLU layer, alive
 * for at least one test image) come from the test set. {@code collapsed}: see {@link #isCollapse}.
 */
public record EpochMetrics(int epoch, double trainBce, double trainKld, double testBce, double testKld,
                           List<Double> klPerDimension, int activeDims, int liveUnits, boolean collapsed,
                           double seconds, double imagesPerSecond) {
    public static final double ACTIVE_KL = 0.01;
    public static final double COLLAPSED_KL = 1.0;
    public static final long COLLAPSE_AFTER_IMAGES = 20_000;

    /** The metrics of epoch {@code epoch} from its mean train losses and its test evaluation. */
    static EpochMetrics of(int epoch, double trainBce, double trainKld, TestEvaluation.Result test, long imagesSeen,
                           double seconds, double imagesPerSecond) {
        List<Double> kl = new ArrayList<>();
        int active = 0;
        for (double k : test.klPerDimension()) {
            kl.add(k);
            if (k > ACTIVE_KL) {
                active++;
            }
        }
        return new EpochMetrics(epoch, trainBce, trainKld, test.bce(), test.kld(), List.copyOf(kl), active,
                test.liveUnits(), isCollapse(test.liveUnits(), active, test.kld(), imagesSeen), seconds, imagesPerSecond);
    }

    /**
     * Posterior collapse: the codes carry less than {@link #COLLAPSED_KL} nats per test image in all (or no
     * hidden unit is alive), too little even to tell the ten digits apart (that needs ln 10 ≈ 2.3 nats): the
     * encoder has in effect stopped using its input. Learning runs carry several nats after one epoch at
     * latent 2, collapsed ones a fraction of one (docs/collapse.md). A model that has seen fewer than
     * {@link #COLLAPSE_AFTER_IMAGES} images may simply not have learned yet, so only dead units count then.
     */
    static boolean isCollapse(int liveUnits, int activeDims, double testKld, long imagesSeen) {
        return liveUnits == 0
                || imagesSeen >= COLLAPSE_AFTER_IMAGES && (activeDims == 0 || testKld < COLLAPSED_KL);
    }

    public double testLoss() {
        return testBce + testKld;
    }
}
