package latentlab.train;

import java.util.List;

/** A run beginning or resuming: its id, settings, device and the epochs already done. */
public record RunStart(String runId, Hyperparameters hyperparameters, String device, int firstEpoch,
                       List<EpochMetrics> history) {}
