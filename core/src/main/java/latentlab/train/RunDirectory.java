package latentlab.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run on disk, {@code models/<run-id>/}: config.json, metrics.jsonl (one JSON object per epoch),
 * checkpoints/epoch-NNNN.ckpt written atomically (temp file, fsync, rename) with the marker files
 * {@code latest} and {@code best} naming the newest and the lowest-test-loss checkpoint, and images/
 * with each epoch's PNGs. The last {@value #KEEP_CHECKPOINTS} checkpoints and the best are kept.
 */
public final class RunDirectory {
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int KEEP_CHECKPOINTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId;
    private final Path dir;

    private RunDirectory(String runId, Path dir) {
        this.runId = runId;
        this.dir = dir;
    }

    /** A new run folder named after the time and seed, holding the config. */
    public static RunDirectory create(Path root, Hyperparameters hyperparameters) throws IOException {
        String base = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-seed" + hyperparameters.seed();
        Files.createDirectories(root);
        for (int n = 1; ; n++) {
            String id = n == 1 ? base : base + "-" + n;
            Path dir = root.resolve(id);
            try {
                Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                continue;
            }
            RunDirectory run = new RunDirectory(id, dir);
            run.writeConfig(hyperparameters);
            return run;
        }
    }

    /** An existing run; the id must be a plain folder name under {@code root}, never a path. */
    public static RunDirectory open(Path root, String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches() || runId.contains("..")) {
            throw new IllegalArgumentException("run id \"" + runId + "\" is not valid (letters, digits, . _ - only)");
        }
        Path dir = root.resolve(runId);
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException("no run \"" + runId + "\" in " + root.toAbsolutePath());
        }
        return new RunDirectory(runId, dir);
    }

    /** Ids of the run folders under {@code root}, newest first (ids start with the start time). */
    public static List<String> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("config.json")))
                    .map(d -> d.getFileName().toString())
                    .filter(id -> RUN_ID.matcher(id).matches())
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
    }

    public String id() {
        return runId;
    }

    public Path path() {
        return dir;
    }

    public Hyperparameters config() throws IOException {
        return Hyperparameters.fromJson(Files.readString(dir.resolve("config.json")));
    }

    public void writeConfig(Hyperparameters hyperparameters) throws IOException {
        writeAtomically(dir.resolve("config.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(hyperparameters));
    }

    public List<EpochMetrics> readMetrics() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        List<EpochMetrics> metrics = new ArrayList<>();
        if (!Files.exists(file)) {
            return metrics;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                metrics.add(JSON.readValue(line, EpochMetrics.class));
            } catch (IOException e) {
                break; // a line cut short by a crash: everything before it stands
            }
        }
        return metrics;
    }

    /** Replaces metrics.jsonl with exactly this history (used when resuming from a checkpoint). */
    public void writeMetrics(List<EpochMetrics> history) throws IOException {
        StringBuilder text = new StringBuilder();
        for (EpochMetrics m : history) {
            text.append(JSON.writeValueAsString(m)).append('\n');
        }
        writeAtomically(dir.resolve("metrics.jsonl"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void appendMetrics(EpochMetrics metrics) throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), JSON.writeValueAsString(metrics) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public void saveImages(EpochImages images) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("images"));
        writeAtomically(folder.resolve(String.format("epoch-%04d-samples.png", images.epoch())), images.samplesPng());
        writeAtomically(folder.resolve(String.format("epoch-%04d-reconstructions.png", images.epoch())),
                images.reconstructionsPng());
    }

    /** The PNGs of one epoch, if they were saved. */
    public Optional<EpochImages> images(int epoch) throws IOException {
        Path samples = dir.resolve(String.format("images/epoch-%04d-samples.png", epoch));
        Path recon = dir.resolve(String.format("images/epoch-%04d-reconstructions.png", epoch));
        if (!Files.exists(samples) || !Files.exists(recon)) {
            return Optional.empty();
        }
        return Optional.of(new EpochImages(epoch, Files.readAllBytes(samples), Files.readAllBytes(recon)));
    }

    /**
     * How the run last ended ("completed", "stopped", "failed: …"), written when a job ends. Cleared when
     * a job starts, so a run without one that has epochs left was interrupted (process killed, power cut).
     */
    public void writeOutcome(String outcome) throws IOException {
        writeAtomically(dir.resolve("outcome.txt"), outcome.getBytes(StandardCharsets.UTF_8));
    }

    public void clearOutcome() throws IOException {
        Files.deleteIfExists(dir.resolve("outcome.txt"));
    }

    public Optional<String> readOutcome() throws IOException {
        Path file = dir.resolve("outcome.txt");
        return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
    }

    /** Writes the epoch's checkpoint, moves the markers, and prunes old checkpoints. */
    public void saveCheckpoint(Checkpoint checkpoint, boolean best) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("checkpoints"));
        String name = String.format("epoch-%04d.ckpt", checkpoint.epoch());
        writeAtomically(folder.resolve(name), checkpoint.toBytes());
        writeAtomically(folder.resolve("latest"), name.getBytes(StandardCharsets.UTF_8));
        if (best) {
            writeAtomically(folder.resolve("best"), name.getBytes(StandardCharsets.UTF_8));
        }
        prune(folder);
    }

    /**
     * The newest checkpoint that reads cleanly. A damaged one is reported through {@code warn} with the
     * reason and the next older one is tried; empty when there is none (start from scratch).
     */
    public Optional<Checkpoint> loadLatestCheckpoint(Consumer<String> warn) throws IOException {
        for (Path file : checkpointFiles()) {
            try {
                return Optional.of(Checkpoint.fromBytes(Files.readAllBytes(file), relative(file)));
            } catch (CorruptCheckpointException e) {
                warn.accept(e.getMessage() + "; falling back to the previous checkpoint");
            }
        }
        return Optional.empty();
    }

    /** The checkpoint the {@code best} marker names (for exploring), else the latest. */
    public Optional<Checkpoint> loadBestCheckpoint(Consumer<String> warn) throws IOException {
        Path marker = dir.resolve("checkpoints/best");
        if (Files.exists(marker)) {
            Path file = dir.resolve("checkpoints").resolve(Files.readString(marker).trim());
            if (file.getParent().equals(dir.resolve("checkpoints")) && Files.exists(file)) {
                try {
                    return Optional.of(Checkpoint.fromBytes(Files.readAllBytes(file), relative(file)));
                } catch (CorruptCheckpointException e) {
                    warn.accept(e.getMessage());
                }
            }
        }
        return loadLatestCheckpoint(warn);
    }

    /** Checkpoint files, newest epoch first. */
    List<Path> checkpointFiles() throws IOException {
        Path folder = dir.resolve("checkpoints");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("epoch-\\d{4,}\\.ckpt"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        }
    }

    private void prune(Path folder) throws IOException {
        Path bestMarker = folder.resolve("best");
        String best = Files.exists(bestMarker) ? Files.readString(bestMarker).trim() : "";
        List<Path> files = checkpointFiles();
        for (int i = KEEP_CHECKPOINTS; i < files.size(); i++) {
            if (!files.get(i).getFileName().toString().equals(best)) {
                Files.deleteIfExists(files.get(i));
            }
        }
    }

    private String relative(Path file) {
        return runId + "/" + dir.relativize(file);
    }

    /** Temp file in the same folder, fsync, then rename over the target: readers see old or new, never half. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
