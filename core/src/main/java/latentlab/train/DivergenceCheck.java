package latentlab.train;

/**
 * Ends a run whose loss is no longer a number (too high a learning rate, say): a listener that throws
 * stops the job, which records the run as failed with this message. One of the job's own listeners, so
 * nobody else ever sees a batch with a NaN or infinite loss.
 */
final class DivergenceCheck implements TrainingListener {
    @Override
    public void batchDone(BatchProgress p) {
        if (!Double.isFinite(p.bce()) || !Double.isFinite(p.kld())) {
            throw new IllegalStateException("training diverged at epoch " + p.epoch() + ", batch " + p.batch()
                    + ": loss is " + p.bce() + " + " + p.kld() + " per image (try a lower learning rate)");
        }
    }
}
