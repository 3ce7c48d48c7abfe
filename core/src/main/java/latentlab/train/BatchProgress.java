package latentlab.train;

/**
 * Sent after every training batch. Losses are the batch's per-image means in nats; images/s is the
 * epoch's running rate, the ETA covers the rest of the run at that rate.
 */
public record BatchProgress(int epoch, int epochs, int batch, int batches, long imagesDone, long imagesTotal,
                            double imagesPerSecond, double etaSeconds, double bce, double kld) {}
