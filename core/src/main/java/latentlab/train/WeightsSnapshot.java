package latentlab.train;

import java.util.Map;

/**
 * A frozen copy of a run's weights, by PyTorch name, as they stood after {@code epoch} (0: before
 * training). Published by the job at the start of a run and after every epoch, for the explorer, which
 * must never touch the weights the optimiser is changing.
 */
public record WeightsSnapshot(String runId, int epoch, int latentDim, Map<String, float[]> weights) {}
