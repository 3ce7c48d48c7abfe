package latentlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import latentlab.train.EpochMetrics;

/** Bit-for-bit comparison of two runs' losses: the reproducibility guarantee. */
public final class LossAssertions {
    private LossAssertions() {}

    public static void assertSameLosses(List<EpochMetrics> expected, List<EpochMetrics> actual) {
        assertEquals(expected.size(), actual.size(), "epochs");
        for (int i = 0; i < expected.size(); i++) {
            EpochMetrics e = expected.get(i);
            EpochMetrics a = actual.get(i);
            assertEquals(e.epoch(), a.epoch());
            assertEquals(e.trainBce(), a.trainBce(), 0.0, "train BCE of epoch " + e.epoch());
            assertEquals(e.trainKld(), a.trainKld(), 0.0, "train KLD of epoch " + e.epoch());
            assertEquals(e.testBce(), a.testBce(), 0.0, "test BCE of epoch " + e.epoch());
            assertEquals(e.testKld(), a.testKld(), 0.0, "test KLD of epoch " + e.epoch());
        }
    }
}
