package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import latentlab.RealMnist;
import latentlab.train.Checkpoint;
import latentlab.train.ModelsLock;
import latentlab.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad luck on disk, as real processes meet it: a file-size limit (a full disk's short writes) fails the
 * run loudly and installs no truncated checkpoint; a run with epochs but no usable checkpoint is never
 * silently restarted from epoch 1; a second Latent Lab on one models folder is refused.
 */
class DiskFaultsTest {
    @TempDir
    Path models;

    @Test
    void aFileSizeLimitFailsTheRunLoudlyAndAResumeSaysWhereItStarts() throws Exception {
        RealMnist.get();
        ai.djl.engine.Engine.getInstance(); // libtorch unpacked into DJL's cache before the limit applies
        // 1,000 blocks of 1 KiB: the epoch's weights (~0.5 MB) fit, its checkpoint (~1.6 MB) does not
        Run limited = train("ulimit -f 1000; exec ", "--epochs", "2", "--train-limit", "1024", "--seed", "7", "--quiet");
        assertNotEquals(0, limited.exit(), limited.output());
        assertTrue(limited.output().contains("checkpoints/epoch-0001.ckpt"), limited.output());
        Path run;
        try (Stream<Path> runs = Files.list(models)) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String outcome = Files.readString(run.resolve("outcome.txt"));
        assertTrue(outcome.startsWith("failed: ") && outcome.contains("checkpoints/epoch-0001.ckpt"), outcome);
        assertFalse(outcome.contains(models.toAbsolutePath().toString()), "no server path in the outcome: " + outcome);
        try (Stream<Path> files = Files.walk(run)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(file.toString().endsWith(".tmp"), "a temp file left behind: " + file);
                if (file.toString().endsWith(".ckpt")) {
                    Checkpoint.fromBytes(Files.readAllBytes(file), file.getFileName().toString()); // whole, or not there
                }
            }
        }
        assertEquals(0, RunDirectory.open(models, run.getFileName().toString()).readMetrics().size(), "the epoch was not recorded");

        Run resumed = train("exec ", "--resume", run.getFileName().toString(), "--quiet");
        assertEquals(0, resumed.exit(), resumed.output());
        assertTrue(resumed.output().contains("stopped before its first checkpoint; starting it from epoch 1"), resumed.output());

        for (Path checkpoint : checkpoints(run)) { // now every checkpoint is damaged
            byte[] bytes = Files.readAllBytes(checkpoint);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(checkpoint, bytes);
        }
        Run refused = train("exec ", "--resume", run.getFileName().toString(), "--epochs", "3", "--quiet");
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("has 2 epochs recorded but no checkpoint that reads cleanly"), refused.output());
        assertEquals(2, RunDirectory.open(models, run.getFileName().toString()).readMetrics().size(), "and nothing was trained");
    }

    @Test
    void aSecondLatentLabOnOneModelsFolderIsRefused() throws Exception {
        RealMnist.get();
        try (ModelsLock held = ModelsLock.acquire(models)) {
            Run train = train("exec ", "--epochs", "1", "--train-limit", "256", "--quiet");
            assertEquals(2, train.exit(), train.output());
            assertTrue(train.output().contains("is in use by another Latent Lab (pid " + ProcessHandle.current().pid() + ")"), train.output());
            Run serve = latentLab("exec ", "serve", "--port", "0", "--models", models.toString(), "--data", RealMnist.DIR.toString());
            assertEquals(2, serve.exit(), serve.output());
            assertTrue(serve.output().contains("in use by another Latent Lab"), serve.output());
        }
        try (Stream<Path> left = Files.list(models)) {
            assertTrue(left.allMatch(p -> p.getFileName().toString().equals(".lock")), "neither wrote a run");
        }
    }

    private record Run(int exit, String output) {}

    private Run train(String shellPrefix, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("train", "--models", models.toString(), "--data", RealMnist.DIR.toString()));
        all.addAll(List.of(args));
        return latentLab(shellPrefix, all.toArray(String[]::new));
    }

    /** Latent Lab in a process of its own, through bash (for {@code ulimit}), its output and exit status. */
    private static Run latentLab(String shellPrefix, String... args) throws Exception {
        StringBuilder command = new StringBuilder(shellPrefix + "\"$JAVA\" -Xmx2g -cp \"$CP\" latentlab.Main");
        for (String arg : args) {
            command.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command.toString()).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("surefire.test.class.path");
        builder.environment().put("CP", cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Run(process.waitFor(), output);
    }

    private static List<Path> checkpoints(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            return files.filter(p -> p.toString().endsWith(".ckpt")).toList();
        }
    }
}
