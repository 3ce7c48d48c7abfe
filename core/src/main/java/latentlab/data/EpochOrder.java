package latentlab.data;

import java.util.SplittableRandom;

/**
 * The shuffled order of the training images for one epoch, from the run's seed and the epoch number
 * alone, so a run resumed at an epoch boundary sees exactly the batches it would have seen.
 */
public final class EpochOrder {
    private EpochOrder() {}

    /** A permutation of {@code 0..count-1} cut to {@code limit} entries (limit ≤ 0: all). */
    public static long[] shuffled(int count, long seed, int epoch, int limit) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
        long[] order = new long[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        if (limit > 0 && limit < count) {
            return java.util.Arrays.copyOf(order, limit);
        }
        return order;
    }
}
