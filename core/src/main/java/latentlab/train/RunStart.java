package latentlab.train;

import java.util.List;

/** A run beginning or resuming: its id, settings, device, the epochs already done and the changes of β or the learning rate made in them. */
public record RunStart(String runId, Hyperparameters hyperparameters, String device, int firstEpoch,
                       List<EpochMetrics> history, List<TuningChange> changes) {}
