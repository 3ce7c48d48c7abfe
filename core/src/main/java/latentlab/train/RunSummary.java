package latentlab.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import latentlab.json.Json;

/**
 * One saved run as the runs list tells it (GET /api/runs, GET /api/runs/{id}, the {@code runs} command):
 * id, settings and those that differ from the defaults, epochs done, how it ended, damage, the changes made
 * while it trained, whether it is the shipped demo, and its last epoch's metrics or all of them.
 */
public final class RunSummary {
    private RunSummary() {}

    /** {@code activeRunId}: the run training now (its outcome reads "running"), or null. */
    public static ObjectNode describe(RunDirectory run, String activeRunId, boolean withMetrics) throws IOException {
        ObjectNode node = Json.object();
        node.put("id", run.id());
        java.util.Optional<String> damage = run.damage();
        try {
            Hyperparameters hp = run.config();
            node.set("hyperparameters", Json.tree(hp));
            node.set("differs", Json.tree(hp.differencesFromDefaults()));
        } catch (DamagedRunException e) {
            node.putNull("hyperparameters"); // the rest of the run is still served
            node.putNull("differs");
        }
        node.put("damaged", damage.orElse(null));
        List<EpochMetrics> metrics = run.readMetrics();
        node.put("epochsDone", metrics.size());
        boolean active = run.id().equals(activeRunId);
        node.put("active", active);
        node.put("outcome", active ? "running" : run.outcome()); // "failed: …" names files relative to models/
        node.put("demo", DemoRun.command(run.path()).orElse(null));
        node.set("changes", Json.tree(run.readChanges()));
        if (withMetrics) {
            node.set("metrics", Json.tree(metrics));
        } else {
            node.set("lastMetrics", metrics.isEmpty() ? null : Json.tree(metrics.get(metrics.size() - 1)));
        }
        return node;
    }
}
