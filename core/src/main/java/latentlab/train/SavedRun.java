package latentlab.train;

import java.io.IOException;
import java.util.List;

/**
 * {@code demo}: the command that made it when it is the demo run that ships with Latent Lab, else null.
 * A saved run as its folder tells it: settings, every finished epoch's metrics, the epochs whose pictures
 * are on disk, and how it ended ({@link RunDirectory#outcome()}). What the dashboard shows of a run that is
 * not training, and what the runs API lists; read the same way after a restart and on request.
 */
public record SavedRun(String id, Hyperparameters hyperparameters, List<EpochMetrics> history,
                       List<Integer> epochsWithImages, String outcome, String damage, List<TuningChange> changes,
                       String demo) {
    /** Throws {@link DamagedRunException} when its config.json cannot be read; damaged metrics are in {@link #damage()}. */
    public static SavedRun load(RunDirectory run) throws IOException {
        Hyperparameters hyperparameters = run.config();
        List<EpochMetrics> history = run.readMetrics();
        List<Integer> withImages = history.stream().map(EpochMetrics::epoch).filter(run::hasImages).toList();
        return new SavedRun(run.id(), hyperparameters, List.copyOf(history), withImages, run.outcome(), run.damage().orElse(null),
                run.readChanges(), DemoRun.command(run.path()).orElse(null));
    }
}
