package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import latentlab.RealMnist;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A `train` process killed with SIGKILL in the middle of an epoch loses only that epoch: `train
 * --resume` continues from the last checkpoint, and the finished run has exactly the losses of one
 * that was never interrupted.
 */
class KillAndResumeTest {
    @TempDir
    Path models;

    @Test
    void killNineMidEpochThenResumeLosesNothingFromCompletedEpochs() throws Exception {
        RealMnist.get();
        Process first = train("--epochs", "3", "--train-limit", "3072", "--seed", "21", "--quiet");
        Path run = waitForRunFolder();
        Path metrics = run.resolve("metrics.jsonl");
        waitFor(() -> Files.exists(metrics) && lines(metrics) >= 1, first);
        Thread.sleep(700); // well into epoch 2
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks run
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        int completed = lines(metrics);
        assertTrue(completed >= 1 && completed < 3, "killed mid-run after " + completed + " epochs");

        Process resumed = train("--resume", run.getFileName().toString(), "--quiet");
        String output = new String(resumed.getInputStream().readAllBytes());
        assertEquals(0, resumed.waitFor(), output);
        assertTrue(output.contains("resuming " + run.getFileName() + " after epoch " + completed), output);

        List<EpochMetrics> history = RunDirectory.open(models, run.getFileName().toString()).readMetrics();
        assertEquals(List.of(1, 2, 3), history.stream().map(EpochMetrics::epoch).toList());

        Hyperparameters same = new Hyperparameters(3, 128, 1e-3, 2, 1.0, 0, 21, 3072, false);
        RunDirectory uninterrupted = RunDirectory.create(models.resolve("reference"), same);
        new TrainingJob(RealMnist.get(), uninterrupted, same, Device.cpu(), null, s -> {}).run();
        latentlab.LossAssertions.assertSameLosses(uninterrupted.readMetrics(), history);
    }

    private Process train(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx2g", "-cp", classpath(), "latentlab.Main",
                "train", "--models", models.toString(), "--data", RealMnist.DIR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    private Path waitForRunFolder() throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> runs = Files.list(models)) {
                List<Path> found = runs.filter(Files::isDirectory).toList(); // not models/.lock
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run folder appeared");
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!condition.call()) {
            if (!process.isAlive()) {
                throw new AssertionError("train exited early: " + new String(process.getInputStream().readAllBytes()));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static int lines(Path file) {
        try {
            return (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire's test class path (it may hide the real one behind a manifest-only jar). */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
