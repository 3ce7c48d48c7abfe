package latentlab.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import latentlab.json.Json;
import latentlab.model.StateDictFile;

/**
 * One run on disk, {@code models/<run-id>/}: config.json, metrics.jsonl (one JSON object per epoch),
 * checkpoints/epoch-NNNN.ckpt written atomically (temp file, fsync, rename) with the marker files
 * {@code latest} and {@code best} naming the newest and the lowest-test-loss checkpoint, and images/
 * with each epoch's PNGs. The last {@value #KEEP_CHECKPOINTS} checkpoints and the best are kept.
 *
 * <p>Just over 250 lines on purpose: this class is the one place that knows the folder's layout and its
 * crash-safety rules (what is written first, what a marker means), so readers of a run never guess.
 */
public final class RunDirectory {
    static final int KEEP_CHECKPOINTS = 3;

    private final String runId;
    private final Path dir;

    private RunDirectory(String runId, Path dir) {
        this.runId = runId;
        this.dir = dir;
    }

    /** The models folder this run lives in. */
    public Path models() {
        return dir.getParent();
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

    /**
     * An existing run; the id must be a plain folder name under {@code root}, never a path
     * ({@link InvalidRunIdException}), and the folder a run's ({@link UnknownRunException}).
     */
    public static RunDirectory open(Path root, String runId) {
        Path dir = root.resolve(RunId.require(runId));
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new UnknownRunException(runId, root);
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
                    .filter(RunId::isValid)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
    }

    /**
     * Deletes the run folder: first renamed out of the runs' names in one step (a reader sees the whole run
     * or none of it), then removed file by file. Links are removed, never followed, so nothing outside the
     * folder is touched.
     */
    public void delete() throws IOException {
        Path gone = dir.resolveSibling(".deleted-" + runId + "-" + System.nanoTime());
        Files.move(dir, gone, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> walk = Files.walk(gone)) { // does not follow links
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public String id() {
        return runId;
    }

    public Path path() {
        return dir;
    }

    /** The run's settings; {@link DamagedRunException} when config.json is empty, not UTF-8, not JSON or out of range. */
    public Hyperparameters config() throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve("config.json"));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DamagedRunException(runId, "config.json is not UTF-8 text");
        }
        if (text.isBlank()) {
            throw new DamagedRunException(runId, "config.json is empty"); // not the defaults: nobody chose them
        }
        try {
            return Hyperparameters.fromJson(text);
        } catch (latentlab.json.InvalidFieldException e) {
            throw new DamagedRunException(runId, "config.json " + (e.field().equals("body") ? "is not valid JSON (truncated?)"
                    : "has " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new DamagedRunException(runId, "config.json has " + e.getMessage());
        }
    }

    /**
     * What is wrong with this run's files, or empty when nothing is: config.json unreadable, or a line of
     * metrics.jsonl that cannot be read before its last one (a last line cut short is what a kill leaves,
     * not damage). The run is served as far as its files allow.
     */
    public Optional<String> damage() throws IOException {
        try {
            config();
        } catch (DamagedRunException e) {
            return Optional.of(e.problem());
        }
        List<String> lines = metricsLines();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (!lines.get(i).isBlank() && parseMetrics(lines.get(i)) == null) {
                return Optional.of("metrics.jsonl line " + (i + 1) + " cannot be read; epochs from there on are not shown");
            }
        }
        return Optional.empty();
    }

    public void writeConfig(Hyperparameters hyperparameters) throws IOException {
        AtomicFile.write(dir.resolve("config.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(hyperparameters));
    }

    /** The finished epochs' metrics, up to the first line that cannot be read (a bad byte reads as damage, not as a failure). */
    public List<EpochMetrics> readMetrics() throws IOException {
        List<EpochMetrics> metrics = new ArrayList<>();
        for (String line : metricsLines()) {
            if (line.isBlank()) {
                continue;
            }
            EpochMetrics m = parseMetrics(line);
            if (m == null) {
                break; // a line cut short by a crash, or damaged: everything before it stands (damage() says which)
            }
            metrics.add(m);
        }
        return metrics;
    }

    /** metrics.jsonl's lines, bytes that are not UTF-8 read as U+FFFD (which then fails that line's parse). */
    private List<String> metricsLines() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }

    private static EpochMetrics parseMetrics(String line) {
        if (line.indexOf('\uFFFD') >= 0) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(line, EpochMetrics.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces metrics.jsonl with exactly this history (used when resuming from a checkpoint). */
    public void writeMetrics(List<EpochMetrics> history) throws IOException {
        StringBuilder text = new StringBuilder();
        for (EpochMetrics m : history) {
            text.append(Json.MAPPER.writeValueAsString(m)).append('\n');
        }
        AtomicFile.write(dir.resolve("metrics.jsonl"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The changes of β or the learning rate made while the run trained ({@code changes.jsonl}), up to the first
     * line that cannot be read.
     */
    public List<TuningChange> readChanges() throws IOException {
        Path file = dir.resolve("changes.jsonl");
        List<TuningChange> changes = new ArrayList<>();
        if (!Files.exists(file)) {
            return changes;
        }
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                TuningChange change = Json.MAPPER.readValue(line, TuningChange.class);
                if (!TuningChange.FIELDS.contains(change.field())) {
                    break;
                }
                changes.add(change);
            } catch (IOException e) {
                break; // cut short by a crash: the changes before it stand
            }
        }
        return changes;
    }

    /** Replaces changes.jsonl with exactly these (a resume keeps those of the epochs it keeps). */
    public void writeChanges(List<TuningChange> changes) throws IOException {
        StringBuilder text = new StringBuilder();
        for (TuningChange c : changes) {
            text.append(Json.MAPPER.writeValueAsString(c)).append('\n');
        }
        if (changes.isEmpty() && !Files.exists(dir.resolve("changes.jsonl"))) {
            return;
        }
        AtomicFile.write(dir.resolve("changes.jsonl"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void appendChange(TuningChange change) throws IOException {
        Files.writeString(dir.resolve("changes.jsonl"), Json.MAPPER.writeValueAsString(change) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public void appendMetrics(EpochMetrics metrics) throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), Json.MAPPER.writeValueAsString(metrics) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public void saveImages(EpochImages images) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        AtomicFile.write(imageFile(images.epoch(), "samples"), images.samplesPng());
        AtomicFile.write(imageFile(images.epoch(), "reconstructions"), images.reconstructionsPng());
    }

    public boolean hasImages(int epoch) {
        return Files.exists(imageFile(epoch, "samples")) && Files.exists(imageFile(epoch, "reconstructions"));
    }

    /** The PNGs of one epoch, if they were saved. */
    public Optional<EpochImages> images(int epoch) throws IOException {
        if (!hasImages(epoch)) {
            return Optional.empty();
        }
        return Optional.of(new EpochImages(epoch, Files.readAllBytes(imageFile(epoch, "samples")),
                Files.readAllBytes(imageFile(epoch, "reconstructions"))));
    }

    /**
     * How the run last ended ("completed", "stopped", "failed: …"), written when a job ends. Cleared when
     * a job starts, so a run without one that has epochs left was interrupted (process killed, power cut).
     */
    public void writeOutcome(String outcome) throws IOException {
        AtomicFile.write(dir.resolve("outcome.txt"), outcome.getBytes(StandardCharsets.UTF_8));
    }

    public void clearOutcome() throws IOException {
        Files.deleteIfExists(dir.resolve("outcome.txt"));
    }

    /**
     * How a run not in progress stands: its recorded ending ("completed", "stopped", "failed: …"), or with
     * none, "completed" when every epoch is in its metrics and "interrupted" when not (the process was killed).
     */
    public String outcome() throws IOException {
        Path file = dir.resolve("outcome.txt");
        if (Files.exists(file)) {
            return ServerPaths.hidden(Files.readString(file).trim(), models()); // also an outcome written before paths were hidden
        }
        try {
            return readMetrics().size() >= config().epochs() ? "completed" : "interrupted";
        } catch (DamagedRunException e) {
            return "damaged";
        }
    }

    /** Writes the epoch's checkpoint, moves the markers, and prunes old checkpoints. */
    public void saveCheckpoint(Checkpoint checkpoint, boolean best) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("checkpoints"));
        String name = String.format("epoch-%04d.ckpt", checkpoint.epoch());
        AtomicFile.write(folder.resolve(name), checkpoint.toBytes());
        AtomicFile.write(folder.resolve("latest"), name.getBytes(StandardCharsets.UTF_8));
        if (best) {
            AtomicFile.write(folder.resolve("best"), name.getBytes(StandardCharsets.UTF_8));
        }
        prune(folder);
    }

    /**
     * Each epoch's weights as a safetensors state dict ({@code weights/epoch-NNNN.safetensors}), kept for
     * every epoch (unlike the checkpoints): the browser's decoder and the latent map's codes of any epoch
     * come from them, and a student can take them home.
     */
    public void saveEpochWeights(int epoch, Map<String, float[]> weights) throws IOException {
        Files.createDirectories(dir.resolve("weights"));
        Files.deleteIfExists(epochCodesFile(epoch)); // made from the weights this replaces, if any
        AtomicFile.write(epochWeightsFile(epoch), StateDictFile.write(StateDictFile.latentOf(weights), weights,
                Map.of("format", "pt", "run", runId, "epoch", String.valueOf(epoch))));
    }

    /**
     * An epoch's weights: its safetensors file, or (for runs saved before those files existed) its
     * checkpoint if that is still kept; empty when neither is there. A damaged file is an IOException.
     */
    public boolean hasEpochWeights(int epoch) {
        return Files.isRegularFile(epochWeightsFile(epoch));
    }

    public Optional<Map<String, float[]>> epochWeights(int epoch) throws IOException {
        Path file = epochWeightsFile(epoch);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(StateDictFile.read(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new IOException(relative(file) + " is damaged: " + e.getMessage(), e);
            }
        }
        Path checkpoint = dir.resolve(String.format("checkpoints/epoch-%04d.ckpt", epoch));
        if (Files.isRegularFile(checkpoint)) {
            try {
                return Optional.of(Checkpoint.fromBytes(Files.readAllBytes(checkpoint), relative(checkpoint)).weights());
            } catch (CorruptCheckpointException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** The latent map's codes of an epoch ({@code codes/epoch-NNNN.safetensors}), once computed; else empty. */
    public Optional<byte[]> epochCodes(int epoch) throws IOException {
        Path file = epochCodesFile(epoch);
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    public void saveEpochCodes(int epoch, byte[] safetensors) throws IOException {
        Files.createDirectories(dir.resolve("codes"));
        AtomicFile.write(epochCodesFile(epoch), safetensors);
    }

    /** Where an epoch's weights are kept (a safetensors state dict with PyTorch's names; the file may not exist). */
    public Path epochWeightsFile(int epoch) {
        return dir.resolve(String.format("weights/epoch-%04d.safetensors", epoch));
    }

    private Path epochCodesFile(int epoch) {
        return dir.resolve(String.format("codes/epoch-%04d.safetensors", epoch));
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

    /** The weights of the latest good checkpoint, to explore (after a restart, the run on show). */
    public Optional<WeightsSnapshot> latestWeights(Consumer<String> warn) throws IOException {
        Optional<WeightsSnapshot> kept = loadLatestCheckpoint(warn).map(c -> c.snapshot(runId));
        return kept.isPresent() ? kept : newestEpochWeights();
    }

    /** The weights of the best checkpoint (else the latest), to explore a saved run. */
    public Optional<WeightsSnapshot> bestWeights(Consumer<String> warn) throws IOException {
        Optional<WeightsSnapshot> kept = loadBestCheckpoint(warn).map(c -> c.snapshot(runId));
        return kept.isPresent() ? kept : newestEpochWeights();
    }

    /** A run kept without checkpoints (the demo run ships none): its newest epoch's weights file. */
    private Optional<WeightsSnapshot> newestEpochWeights() throws IOException {
        int newest = readMetrics().stream().mapToInt(EpochMetrics::epoch).max().orElse(0);
        for (int epoch = newest; epoch >= 0; epoch--) {
            if (hasEpochWeights(epoch)) {
                Map<String, float[]> weights = epochWeights(epoch).orElseThrow();
                return Optional.of(new WeightsSnapshot(runId, epoch, latentlab.model.StateDictFile.latentOf(weights), weights));
            }
        }
        return Optional.empty();
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

    private Path imageFile(int epoch, String kind) {
        return dir.resolve(String.format("images/epoch-%04d-%s.png", epoch, kind));
    }

    private String relative(Path file) {
        return runId + "/" + dir.relativize(file);
    }
}
