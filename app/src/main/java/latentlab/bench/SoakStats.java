package latentlab.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Delays in 1-ms buckets up to a minute. */
final class SoakStats {
    final AtomicLongArray broadcast = new AtomicLongArray(60_001);
    final AtomicLongArray progress = new AtomicLongArray(60_001);
    final AtomicLongArray pictures = new AtomicLongArray(60_001); // images message sent → both PNGs fetched
    final AtomicLong failedFetches = new AtomicLong();

    final AtomicLong messages = new AtomicLong();
    final AtomicLong badMessages = new AtomicLong();

    void record(AtomicLongArray histogram, long delayMillis) {
        histogram.incrementAndGet((int) Math.max(0, Math.min(60_000, delayMillis)));
    }

    static double quantile(AtomicLongArray histogram, double q) {
        long total = 0;
        for (int i = 0; i < histogram.length(); i++) {
            total += histogram.get(i);
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < histogram.length(); i++) {
            seen += histogram.get(i);
            if (seen >= rank && total > 0) {
                return i;
            }
        }
        return Double.NaN;
    }
}
