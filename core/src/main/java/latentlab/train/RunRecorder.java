package latentlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Keeps the run folder true to the run, so a killed process loses at most the epoch in progress
 * (docs/runs.md): after each epoch the checkpoint, the {@code latest}/{@code best} markers, the epoch's
 * weights (safetensors), then the metrics line; on a resume, metrics.jsonl rewritten from the checkpoint's history; and how the run ended
 * (cleared while it trains, so a run without an ending that has epochs left was interrupted).
 */
final class RunRecorder implements TrainingListener {
    private final RunDirectory run;
    private final Consumer<String> log;

    RunRecorder(RunDirectory run, Consumer<String> log) {
        this.run = run;
        this.log = log;
    }

    @Override
    public void runStarted(RunStart start) {
        try {
            run.clearOutcome();
            if (start.firstEpoch() > 1) {
                run.writeMetrics(start.history());
            }
            run.writeChanges(start.changes()); // on a resume, those of the epochs kept; the lost epoch's go with it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run " + run.id() + " to train: " + e.getMessage(), e);
        }
    }

    @Override
    public void epochDone(EpochEnd end) {
        try {
            run.saveCheckpoint(end.checkpoint(), end.best());
            run.saveEpochWeights(end.epoch(), end.weights());
            run.appendMetrics(end.metrics());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save epoch " + end.epoch() + " of run " + run.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void tuned(java.util.List<TuningChange> changes) {
        try {
            for (TuningChange change : changes) {
                run.appendChange(change);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a change of run " + run.id() + ": " + e.getMessage(), e);
        }
    }

    /** The weights before the first epoch, so the browser can explore them as it does every epoch's. */
    @Override
    public void weightsPublished(WeightsSnapshot snapshot) {
        if (snapshot.epoch() == 0 && !run.hasEpochWeights(0)) {
            try {
                run.saveEpochWeights(0, snapshot.weights());
            } catch (IOException e) {
                log.accept("warning: could not save the starting weights of run " + run.id() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void runEnded(RunEnd end) {
        try {
            run.writeOutcome(end.outcome());
        } catch (IOException e) {
            log.accept("warning: could not record how run " + run.id() + " ended: " + e.getMessage());
        }
    }
}
