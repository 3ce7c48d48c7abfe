package latentlab.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import latentlab.data.IdxFile;
import latentlab.data.Mnist;
import latentlab.model.CourseVae;
import latentlab.model.FrozenDecoder;
import latentlab.model.GradMode;
import latentlab.model.VaeWeights;
import latentlab.train.BatchProgress;
import latentlab.train.EpochImages;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingJob;
import latentlab.train.TrainingListener;
import latentlab.train.WeightsSnapshot;

/**
 * Latent Lab against the course's PyTorch script on the same machine, back to back: each side runs in a
 * fresh process of its own (so cold start and peak memory are its own), in alternating order, and the
 * table quotes the median of the repeats for each figure and the ratio Latent Lab / PyTorch.
 *
 * <p>Both sides do the same work with the same definitions: one 60,000-image epoch from a fresh model,
 * batch 128, latent 2, fp32, 2 threads; training images/s from the median batch after 20 warm-up batches
 * (full batches only); seconds for the epoch's training (test evaluation excluded); decode of 1 and of 64
 * latent vectors to host pixels (median); encode of the 10,000 test images in batches of 1,000 (median of
 * 5); cold start = process start to the first training batch done; peak resident memory of the process.
 */
final class SideBySideBench {
    static final int WARMUP_BATCHES = 20;
    static final int ENCODE_REPEATS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SideBySideBench() {}

    /** The figures in the table, in order: key, label, unit, whether more is better. */
    record Figure(String key, String label, String format, boolean higherIsBetter) {}

    static final List<Figure> FIGURES = List.of(
            new Figure("trainImagesPerSecond", "training images/s (median batch)", "%,.0f", true),
            new Figure("epochSeconds", "seconds per 60,000-image epoch", "%.1f", false),
            new Figure("decode1Ms", "decode 1 vector (ms, median)", "%.3f", false),
            new Figure("decode64Ms", "decode 64 vectors (ms, median)", "%.2f", false),
            new Figure("encodeTestMs", "encode 10,000 test images (ms)", "%.0f", false),
            new Figure("coldStartSeconds", "cold start to first batch done (s)", "%.2f", false),
            new Figure("peakRssMb", "peak resident memory (MB)", "%.0f", false));

    /** What one repeat measured on each side. */
    record Repeat(ObjectNode latentLab, ObjectNode pytorch) {}

    // ---- the Latent Lab side, run in a child JVM ------------------------------------------------------

    /** Measures Latent Lab in this (fresh) process and returns the figures; the process is the child. */
    static ObjectNode measureHere(Path data, Device device) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Mnist mnist = Mnist.fetchAndLoad(data, s -> {});
        Path models = Files.createTempDirectory("latent-lab-side-by-side");
        try {
            Hyperparameters hp = new Hyperparameters(1, 128, 1e-3, 2, 1.0, 0, 0, 0, false);
            RunDirectory run = RunDirectory.create(models, hp);
            TrainingJob job = new TrainingJob(mnist, run, hp, device, null, s -> {});
            BatchClock clock = new BatchClock(jvmStart);
            job.addListener(clock);
            if (!job.run()) {
                throw new IllegalStateException("the training epoch did not complete");
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("trainImagesPerSecond", hp.batchSize() / Median.of(clock.fullBatchSeconds()));
            out.put("epochSeconds", hp.imagesPerEpoch() / clock.metrics.imagesPerSecond()); // training only, as the reference's epoch_s
            out.put("coldStartSeconds", clock.firstBatchDoneMillis / 1e3);
            try (NDManager manager = NDManager.newBaseManager(device);
                 VaeWeights weights = VaeWeights.fromValues(manager, 2, clock.weights.weights())) {
                FrozenDecoder decoder = new FrozenDecoder(weights);
                out.put("decode1Ms", Median.of(decode(decoder, manager, 1, 2, 1000)) * 1e3);
                out.put("decode64Ms", Median.of(decode(decoder, manager, 64, 2, 200)) * 1e3);
                out.put("encodeTestMs", Median.of(encodeTestSet(new CourseVae(weights), manager, mnist.testImages())) * 1e3);
            }
            out.put("peakRssMb", peakRssMb());
            return out;
        } finally {
            deleteTree(models);
        }
    }

    /** Times each batch from the job's own batch events (data gathering and the noise included). */
    private static final class BatchClock implements TrainingListener {
        private final long jvmStartMillis;
        private final List<Double> seconds = new ArrayList<>();
        private long last = -1;
        long firstBatchDoneMillis = -1;
        EpochMetrics metrics;
        WeightsSnapshot weights;

        BatchClock(long jvmStartMillis) {
            this.jvmStartMillis = jvmStartMillis;
        }

        @Override
        public void batchDone(BatchProgress p) {
            long now = System.nanoTime();
            if (firstBatchDoneMillis < 0) {
                firstBatchDoneMillis = System.currentTimeMillis() - jvmStartMillis;
            }
            boolean full = p.imagesDone() % 128 == 0;
            if (last >= 0 && p.batch() > WARMUP_BATCHES && full) {
                seconds.add((now - last) / 1e9);
            }
            last = now;
        }

        @Override
        public void epochDone(EpochMetrics m, EpochImages images) {
            metrics = m;
        }

        @Override
        public void weightsPublished(WeightsSnapshot snapshot) {
            weights = snapshot;
        }

        double[] fullBatchSeconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** Seconds for each of {@code iterations} decodes of {@code count} random codes to host pixels, after 50 untimed. */
    static double[] decode(FrozenDecoder decoder, NDManager manager, int count, int latent, int iterations) {
        SplittableRandom random = new SplittableRandom(2);
        double[] seconds = new double[iterations];
        for (int i = -50; i < iterations; i++) { // 50 untimed, as the reference does
            float[] z = new float[count * latent];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) random.nextGaussian();
            }
            long started = System.nanoTime();
            GradMode.off(() -> {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    decoder.decode(manager.create(z, new Shape(count, latent))).toFloatArray();
                }
            });
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - started) / 1e9;
            }
        }
        return seconds;
    }

    private static double[] encodeTestSet(CourseVae vae, NDManager manager, IdxFile.Images test) {
        double[] seconds = new double[ENCODE_REPEATS];
        for (int r = -1; r < ENCODE_REPEATS; r++) { // one untimed
            long started = System.nanoTime();
            for (int start = 0; start < test.count(); start += 1000) {
                int n = Math.min(1000, test.count() - start);
                float[] x = Mnist.scaled(test, start, n);
                GradMode.off(() -> {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        vae.encode(manager.create(x, new Shape(n, 1, 28, 28))).mu().toFloatArray();
                    }
                });
            }
            if (r >= 0) {
                seconds[r] = (System.nanoTime() - started) / 1e9;
            }
        }
        return seconds;
    }

    /** The most resident memory this process has had (Linux: VmHWM), in MB; NaN elsewhere. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }

    // ---- the parent: both sides, back to back --------------------------------------------------------

    static List<Repeat> run(int repeats, Path data, String python, Path reference, Consumer<String> say) throws Exception {
        if (!Files.isRegularFile(reference)) {
            throw new BadArgumentException("no PyTorch reference script at " + reference + " (--reference)");
        }
        try { // before the first repeat, not after a whole Latent Lab epoch
            runProcess(List.of(python, "-c", "import torch, numpy"), Map.of());
        } catch (IOException | IllegalStateException e) {
            throw new BadArgumentException("--python " + python + " cannot run the reference (it needs PyTorch and NumPy): "
                    + e.getMessage().strip().lines().reduce((first, last) -> last).orElse(""));
        }
        Path encodeScript = Files.createTempFile("encode-reference", ".py");
        try (var in = SideBySideBench.class.getResourceAsStream("/bench/encode_reference.py")) {
            Files.write(encodeScript, in.readAllBytes());
        }
        List<Repeat> all = new ArrayList<>();
        try {
            for (int r = 0; r < repeats; r++) {
                ObjectNode ours = null;
                ObjectNode theirs = null;
                for (int side = 0; side < 2; side++) {
                    boolean oursNow = (side == 0) == (r % 2 == 0); // alternate which goes first
                    if (oursNow) {
                        say.accept("repeat " + (r + 1) + "/" + repeats + ": Latent Lab…");
                        ours = latentLabChild(data);
                    } else {
                        say.accept("repeat " + (r + 1) + "/" + repeats + ": PyTorch reference…");
                        theirs = pytorch(python, reference, encodeScript, data);
                    }
                }
                say.accept("  Latent Lab " + ours + "\n  PyTorch    " + theirs);
                all.add(new Repeat(ours, theirs));
            }
        } finally {
            Files.deleteIfExists(encodeScript);
        }
        return all;
    }

    private static ObjectNode latentLabChild(Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), "latentlab.Main", "bench", "--side-by-side-child",
                "--device", "cpu", "--data", data.toString()));
        return (ObjectNode) lastJsonLine(runProcess(command, Map.of()));
    }

    private static ObjectNode pytorch(String python, Path reference, Path encodeScript, Path data) throws Exception {
        Path out = Files.createTempFile("vae-reference", ".json");
        try {
            runProcess(List.of(python, reference.toString(), "--data", data.toString(), "--epochs", "1",
                    "--latent", "2", "--threads", "2", "--json", out.toString()), Map.of());
            JsonNode ref = JSON.readTree(out.toFile());
            ObjectNode theirs = JSON.createObjectNode();
            theirs.put("trainImagesPerSecond", ref.get("train_img_per_s_median").asDouble());
            theirs.put("epochSeconds", ref.get("epochs").get(0).get("epoch_s").asDouble());
            theirs.put("decode1Ms", ref.get("decode_b1_median_ms").asDouble());
            theirs.put("decode64Ms", ref.get("decode_b64_median_ms").asDouble());
            theirs.put("coldStartSeconds", ref.get("first_batch_done_s_since_process_start").asDouble());
            theirs.put("peakRssMb", ref.get("ru_maxrss_mb").asDouble());
            theirs.put("torch", ref.get("torch").asText());
            JsonNode encode = lastJsonLine(runProcess(List.of(python, encodeScript.toString(), "--reference",
                    reference.toString(), "--data", data.toString(), "--threads", "2",
                    "--repeats", String.valueOf(ENCODE_REPEATS)), Map.of()));
            theirs.put("encodeTestMs", encode.get("encode_test_median_ms").asDouble());
            return theirs;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String runProcess(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            String tail = output.length() > 2000 ? output.substring(output.length() - 2000) : output;
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + "… exited with " + code + ":\n" + tail);
        }
        return output;
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{")) {
                return JSON.readTree(lines[i]);
            }
        }
        throw new IllegalStateException("no JSON result in:\n" + output);
    }

    // ---- the table --------------------------------------------------------------------------------------

    /** Medians over the repeats, side by side, with the ratio Latent Lab / PyTorch. */
    static Map<String, double[]> medians(List<Repeat> repeats) {
        Map<String, double[]> table = new LinkedHashMap<>();
        for (Figure f : FIGURES) {
            double ours = Median.of(repeats.stream().mapToDouble(r -> r.latentLab().get(f.key()).asDouble()).toArray());
            double theirs = Median.of(repeats.stream().mapToDouble(r -> r.pytorch().get(f.key()).asDouble()).toArray());
            table.put(f.key(), new double[] {ours, theirs, ours / theirs});
        }
        return table;
    }

    static void print(List<Repeat> repeats, String machine) {
        Map<String, double[]> table = medians(repeats);
        System.out.printf("%nLatent Lab vs the course's PyTorch script (%s), median of %d repeats each%n",
                machine, repeats.size());
        System.out.printf("  %-40s %12s %12s %10s  %s%n", "", "Latent Lab", "PyTorch", "LL / PT", "");
        for (Figure f : FIGURES) {
            double[] row = table.get(f.key());
            boolean better = f.higherIsBetter() ? row[2] > 1 : row[2] < 1;
            System.out.printf("  %-40s %12s %12s %10.2f  %s%n", f.label(), String.format(f.format(), row[0]),
                    String.format(f.format(), row[1]), row[2], better ? "Latent Lab ahead" : "PyTorch ahead");
        }
        System.out.println("  each repeat (Latent Lab | PyTorch):");
        for (Figure f : FIGURES) {
            StringBuilder line = new StringBuilder();
            for (Repeat r : repeats) {
                line.append(String.format(f.format(), r.latentLab().get(f.key()).asDouble())).append(" | ")
                        .append(String.format(f.format(), r.pytorch().get(f.key()).asDouble())).append("   ");
            }
            System.out.printf("    %-38s %s%n", f.label(), line.toString().strip());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
