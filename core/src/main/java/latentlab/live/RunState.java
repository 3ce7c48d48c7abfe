package latentlab.live;

import latentlab.train.Hyperparameters;

/**
 * Where the run on show stands, as every page sees it: {@code state} idle, running, paused or stopping;
 * {@code epoch} the last finished one; {@code outcome} how it ended (completed, stopped, failed: …,
 * interrupted) or null; {@code links} its resources; {@code demo} the command that made it when it is the
 * demo run that ships with Latent Lab, else null. Null run id: nothing has been trained yet.
 */
public record RunState(String state, String runId, String device, Hyperparameters hyperparameters, int epoch,
                       String outcome, RunLinks links, String demo) {}
