package latentlab.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The demo run that ships with Latent Lab, so a fresh install has a model to explore, pictures and charts
 * from the first minute. It was made by the project's own {@code train} (the command is in its
 * {@code demo.txt} and in docs/runs.md: {@code scripts/make-demo-run.sh} rebuilds it) and lies in the jar
 * under {@code /demo/}, listed with each file's SHA-256 in {@code /demo/SHA256SUMS}. Installed into an empty
 * models folder only, every file checked before it is used: one that does not match installs nothing.
 */
public final class DemoRun {
    static final String RESOURCES = "/demo/";
    /** The file in a run folder that marks it as the demo, holding the command that made it. */
    public static final String MARKER = "demo.txt";

    private DemoRun() {}

    private record Entry(String sha256, String path) {}

    /**
     * Copies the demo run into {@code models} when it holds no run; returns its id, or empty (models has
     * runs, the jar has no demo, or a file failed its check, which {@code log} is told).
     */
    public static Optional<String> installIfEmpty(Path models, Consumer<String> log) throws IOException {
        return installIfEmpty(models, log, DemoRun::resource);
    }

    /** A source of the demo's files by path under /demo/ (null when absent): the jar's, or a test's damaged copy. */
    public interface DemoFiles {
        byte[] read(String path) throws IOException;
    }

    static Optional<String> installIfEmpty(Path models, Consumer<String> log, DemoFiles source) throws IOException {
        if (!RunDirectory.list(models).isEmpty()) {
            return Optional.empty();
        }
        List<Entry> entries = manifest(source);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String runId = entries.get(0).path().substring(0, entries.get(0).path().indexOf('/'));
        RunId.require(runId);
        Path staging = models.resolve(".demo-" + runId + ".tmp");
        deleteTree(staging);
        try {
            for (Entry entry : entries) {
                if (!entry.path().startsWith(runId + "/") || entry.path().contains("..")) {
                    throw new IOException("the demo's manifest names " + entry.path() + ", outside its run");
                }
                byte[] bytes = source.read(entry.path());
                if (bytes == null) {
                    throw new IOException("the demo's " + entry.path() + " is missing from the jar");
                }
                if (!sha256(bytes).equals(entry.sha256())) {
                    throw new IOException("the demo's " + entry.path() + " does not match its SHA-256 (damaged jar?)");
                }
                Path target = staging.resolve(entry.path().substring(runId.length() + 1));
                Files.createDirectories(target.getParent());
                AtomicFile.write(target, bytes);
            }
            Files.move(staging, models.resolve(runId));
            AtomicFile.syncFolder(models.toAbsolutePath());
        } catch (IOException e) {
            deleteTree(staging);
            log.accept("warning: the demo run was not installed: " + e.getMessage());
            return Optional.empty();
        }
        log.accept("models/ had no run: installed the demo run " + runId + " (made by `" + command(models.resolve(runId)).orElse("train") + "`)");
        return Optional.of(runId);
    }

    /** The command that made a demo run (its marker's first line), or empty for any other run. */
    public static Optional<String> command(Path runFolder) throws IOException {
        Path marker = runFolder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        return Files.readAllLines(marker, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).findFirst().map(String::trim);
    }

    private static List<Entry> manifest(DemoFiles source) throws IOException {
        byte[] sums = source.read("SHA256SUMS");
        List<Entry> entries = new ArrayList<>();
        if (sums == null) {
            return entries;
        }
        for (String line : new String(sums, StandardCharsets.UTF_8).lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new IOException("the demo's SHA256SUMS has a bad line: " + line);
            }
            entries.add(new Entry(parts[0], parts[1].startsWith("*") ? parts[1].substring(1) : parts[1]));
        }
        return entries;
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = DemoRun.class.getResourceAsStream(RESOURCES + path)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
