package latentlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A saved run made ready to train on: its settings (with a new total of epochs, if given, written to its
 * config) and its last good checkpoint, or none when it stopped before its first (then it starts from epoch
 * 1, and says so); a run with epochs recorded but no usable checkpoint is refused, never silently restarted.
 * The server's resume and {@code train --resume} both start here.
 */
public record Resumption(RunDirectory run, Hyperparameters hyperparameters, Checkpoint checkpoint, List<TuningChange> changes) {
    /**
     * Throws {@link InvalidRunIdException}, {@link UnknownRunException}, {@link RunFinishedException}
     * when the checkpoint already holds every epoch, or {@link NoUsableCheckpointException}; damaged checkpoints are reported through {@code warn}.
     */
    public static Resumption prepare(Path models, String runId, Integer epochs, Consumer<String> warn) throws IOException {
        RunDirectory run = RunDirectory.open(models, runId);
        Hyperparameters hp = epochs == null ? run.config() : run.config().withEpochs(epochs);
        Checkpoint checkpoint = run.loadLatestCheckpoint(warn).orElse(null);
        if (checkpoint == null) {
            int recorded = run.readMetrics().size();
            if (recorded > 0) {
                throw new NoUsableCheckpointException(run.id(), recorded);
            }
            warn.accept("run " + run.id() + " stopped before its first checkpoint; starting it from epoch 1");
        } else if (checkpoint.epoch() >= hp.epochs()) {
            throw new RunFinishedException(run.id(), hp.epochs(), checkpoint.epoch());
        }
        run.writeConfig(hp);
        int kept = checkpoint == null ? 0 : checkpoint.epoch();
        List<TuningChange> changes = run.readChanges().stream().filter(c -> c.epoch() <= kept).toList();
        return new Resumption(run, hp, checkpoint, changes);
    }

    /** The job that continues the run. */
    public TrainingJob job(latentlab.data.Mnist data, ai.djl.Device device, Consumer<String> log) {
        return new TrainingJob(data, run, hyperparameters, device, checkpoint, changes, log);
    }
}
