package latentlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import latentlab.json.Json;
import latentlab.train.EpochMetrics;
import latentlab.train.InvalidRunIdException;
import latentlab.train.RunDirectory;
import latentlab.train.UnknownRunException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runs}: the saved runs as a table, newest first (or JSON for scripts), and an epoch's weights
 * exported as a safetensors file with PyTorch's state-dict names, to load into the course's own VAE.
 * Reads the models folder only, so it works while a server trains in it.
 */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the saved runs, or export a run's weights for PyTorch.")
public final class RunsCommand implements Callable<Integer> {
    @Option(names = "--models", paramLabel = "DIR", defaultValue = "models", description = "folder of runs (default models)")
    Path models;
    @Option(names = "--json", description = "one JSON array instead of a table")
    boolean json;
    @Option(names = "--export", paramLabel = "RUN_ID", description = "write this run's weights as a safetensors file")
    String export;
    @Option(names = "--epoch", paramLabel = "N", description = "with --export: which epoch (default: its last)")
    Integer epoch;
    @Option(names = "--output", paramLabel = "FILE", description = "with --export: where (default <run-id>-epoch-N.safetensors)")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (export != null) {
            return export();
        }
        if (epoch != null || output != null) {
            throw new BadArgumentException("--epoch and --output go with --export RUN_ID");
        }
        if (!Files.isDirectory(models)) {
            throw new BadArgumentException("--models " + models + " is not a folder");
        }
        List<String> ids = RunDirectory.list(models);
        if (json) {
            ArrayNode all = Json.array();
            for (String id : ids) {
                all.add(describe(RunDirectory.open(models, id)));
            }
            System.out.println(all.toPrettyString());
            return 0;
        }
        if (ids.isEmpty()) {
            System.out.println("no runs in " + models + " yet: `train` or the dashboard makes one");
            return 0;
        }
        System.out.println(String.format("%-28s %-8s %10s %-9s %-12s %s", "run", "epochs", "test loss", "collapsed", "outcome",
                "settings that differ from the defaults"));
        for (String id : ids) {
            ObjectNode run = describe(RunDirectory.open(models, id));
            String loss = run.path("lastMetrics").isObject()
                    ? String.format("%.2f", run.get("lastMetrics").get("testBce").asDouble() + run.get("lastMetrics").get("testKld").asDouble()) : "–";
            String collapsed = run.path("lastMetrics").isObject() ? (run.get("lastMetrics").get("collapsed").asBoolean() ? "yes" : "no") : "–";
            String epochs = run.get("epochsDone").asInt() + "/" + (run.path("hyperparameters").isObject() ? run.get("hyperparameters").get("epochs").asInt() : "?");
            System.out.println(String.format("%-28s %-8s %10s %-9s %-12s %s", id, epochs, loss, collapsed, run.get("outcome").asText(),
                    run.path("differs").isObject() ? differs(run.get("differs")) : run.path("damaged").asText("")));
        }
        return 0;
    }

    private static String differs(com.fasterxml.jackson.databind.JsonNode differ) {
        if (differ.isEmpty()) {
            return "(defaults)";
        }
        List<String> parts = new java.util.ArrayList<>();
        differ.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
        return String.join(", ", parts);
    }

    /** One run as GET /api/runs lists it (nothing trains here: this command only reads). */
    static ObjectNode describe(RunDirectory run) throws IOException {
        return latentlab.train.RunSummary.describe(run, null, false);
    }

    private int export() throws IOException {
        if (json) {
            throw new BadArgumentException("--json lists runs; --export writes a file");
        }
        RunDirectory run;
        try {
            run = RunDirectory.open(models, export);
        } catch (InvalidRunIdException | UnknownRunException e) {
            throw new BadArgumentException("--export: " + e.getMessage());
        }
        int last = run.readMetrics().stream().mapToInt(EpochMetrics::epoch).max().orElse(0);
        int chosen = epoch != null ? epoch : last;
        Path file = run.epochWeightsFile(chosen);
        if (!Files.isRegularFile(file)) {
            String kept = run.readMetrics().stream().map(m -> String.valueOf(m.epoch())).filter(e -> run.hasEpochWeights(Integer.parseInt(e)))
                    .collect(Collectors.joining(", "));
            throw new BadArgumentException("--export: run " + run.id() + " has no weights for epoch " + chosen
                    + (kept.isEmpty() ? " (no finished epoch)" : " (epochs with weights: " + kept + ")"));
        }
        Path target = output != null ? output : Path.of(run.id() + "-epoch-" + chosen + ".safetensors");
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + target + " (run " + run.id() + ", epoch " + chosen + "; PyTorch state-dict names). In PyTorch:");
        System.out.println("  from safetensors.torch import load_file; vae = VAE(latent_dim="
                + run.config().latentDim() + "); vae.load_state_dict(load_file(\"" + target.getFileName() + "\"))");
        return 0;
    }
}
