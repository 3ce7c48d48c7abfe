package latentlab.bench;

import java.util.ArrayList;
import java.util.List;
import latentlab.train.BatchProgress;
import latentlab.train.EpochEnd;
import latentlab.train.EpochMetrics;
import latentlab.train.TrainingListener;
import latentlab.train.WeightsSnapshot;

/**
 * Times the real training loop from its own batch events (data gathering and the noise included), the
 * way the course's script measures: each full batch after the warm-up ones, from the end of the batch
 * before. Also keeps what the run ends with: the last epoch's metrics and weights.
 */
final class BatchClock implements TrainingListener {
    private final int batchSize;
    private final int warmupBatches;
    private final long jvmStartMillis;
    private final List<Double> seconds = new ArrayList<>();
    private long last = -1;
    private long firstBatchDoneMillis = -1;
    private EpochMetrics metrics;
    private WeightsSnapshot weights;

    /** {@code jvmStartMillis}: when this process started, for the cold start figure. */
    BatchClock(int batchSize, int warmupBatches, long jvmStartMillis) {
        this.batchSize = batchSize;
        this.warmupBatches = warmupBatches;
        this.jvmStartMillis = jvmStartMillis;
    }

    @Override
    public void batchDone(BatchProgress p) {
        long now = System.nanoTime();
        if (firstBatchDoneMillis < 0) {
            firstBatchDoneMillis = System.currentTimeMillis() - jvmStartMillis;
        }
        boolean full = p.imagesDone() % batchSize == 0;
        if (last >= 0 && p.batch() > warmupBatches && full) {
            seconds.add((now - last) / 1e9);
        }
        last = now;
    }

    @Override
    public void epochDone(EpochEnd end) {
        metrics = end.metrics();
    }

    @Override
    public void weightsPublished(WeightsSnapshot snapshot) {
        weights = snapshot;
    }

    /** The median full batch, in seconds. */
    double medianBatchSeconds() {
        if (seconds.isEmpty()) {
            throw new IllegalStateException("no full batch was timed after the " + warmupBatches + " warm-up batches");
        }
        return Median.of(seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Milliseconds from the process's start to the first batch done. */
    long coldStartMillis() {
        return firstBatchDoneMillis;
    }

    EpochMetrics lastEpoch() {
        return metrics;
    }

    WeightsSnapshot lastWeights() {
        return weights;
    }
}
