package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import latentlab.RealMnist;
import latentlab.json.Json;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Take the model home: `runs --export` writes an epoch's weights as safetensors with PyTorch's state-dict
 * names; Debian's python3-torch loads them into the course's VAE (strictly: every name and shape) and its
 * test loss is the one Latent Lab reported for that epoch. `runs` and `runs --json` list the run.
 */
class ExportForPyTorchTest {
    private static final Path SCRIPT = Path.of("app/src/test/resources/export/course_vae_test_loss.py");
    /** Debian's python (python3-torch installs for it), not whichever python3 comes first on the PATH. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    @TempDir
    Path models;
    @TempDir
    Path out;

    private static boolean torchPresent() throws Exception {
        Process check = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
        return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
    }

    private record Ran(int exit, String out) {}

    private static Ran latentLab(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int exit = LatentLabCommand.commandLine().execute(args);
            return new Ran(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void anExportedEpochLoadsIntoTheCoursesVaeWithTheSameTestLoss() throws Exception {
        boolean torch = torchPresent();
        if (!torch && "true".equals(System.getenv("CI"))) {
            fail("CI must run this: install Debian's python3-torch (.ci/run does)");
        }
        assumeTrue(torch, "no python3 with torch here: export test skipped");
        Hyperparameters hp = Hyperparameters.defaults().with(java.util.Map.of("epochs", 2, "trainLimit", 3000, "seed", 12, "beta", 2.0));
        RunDirectory run = RunDirectory.create(models, hp);
        new TrainingJob(RealMnist.get(), run, hp, Device.cpu(), null, s -> {}).run();
        List<EpochMetrics> metrics = run.readMetrics();

        Ran listed = latentLab("runs", "--models", models.toString());
        assertEquals(0, listed.exit(), listed.out());
        assertTrue(listed.out().contains(run.id()) && listed.out().contains("2/2") && listed.out().contains("epochs 2, beta 2.0, seed 12, trainLimit 3000"),
                listed.out());
        Ran asJson = latentLab("runs", "--models", models.toString(), "--json");
        JsonNode all = Json.MAPPER.readTree(asJson.out());
        assertEquals(run.id(), all.get(0).get("id").asText());
        assertEquals(2, all.get(0).get("epochsDone").asInt());

        Ran refused = latentLab("runs", "--models", models.toString(), "--export", run.id(), "--epoch", "7");
        assertEquals(2, refused.exit());
        Ran traversal = latentLab("runs", "--models", models.toString(), "--export", "../etc");
        assertEquals(2, traversal.exit());

        for (int epoch : new int[] {1, 2}) {
            Path file = out.resolve("epoch-" + epoch + ".safetensors");
            Ran exported = latentLab("runs", "--models", models.toString(), "--export", run.id(), "--epoch", String.valueOf(epoch),
                    "--output", file.toString());
            assertEquals(0, exported.exit(), exported.out());
            assertTrue(exported.out().contains("load_state_dict"), "it says how to load it: " + exported.out());
            Process python = new ProcessBuilder(PYTHON, SCRIPT.toString(), file.toString(), RealMnist.DIR.toString(), "2")
                    .redirectErrorStream(true).start();
            String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(python.waitFor(300, TimeUnit.SECONDS), "python did not finish");
            assertEquals(0, python.exitValue(), said);
            JsonNode pytorch = Json.MAPPER.readTree(said.lines().reduce((a, b) -> b).orElseThrow());
            EpochMetrics reported = metrics.get(epoch - 1);
            assertEquals(reported.testBce(), pytorch.get("testBce").asDouble(), reported.testBce() * 1e-3, "test BCE, epoch " + epoch);
            assertEquals(reported.testKld(), pytorch.get("testKld").asDouble(), Math.max(1e-3, reported.testKld() * 1e-3), "test KLD, epoch " + epoch);
        }
    }
}
