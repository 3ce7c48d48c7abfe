package latentlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import latentlab.json.Json;

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
public final class SideBySideBench {
    static final int WARMUP_BATCHES = 20;
    static final int ENCODE_REPEATS = 5;

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
    public record Repeat(ObjectNode latentLab, ObjectNode pytorch) {}

    // ---- the parent: both sides, back to back --------------------------------------------------------

    /** Refuses (IllegalArgumentException) a missing reference script or a Python without PyTorch, before any repeat. */
    public static List<Repeat> run(int repeats, Path data, String python, Path reference, Consumer<String> say) throws Exception {
        if (!Files.isRegularFile(reference)) {
            throw new IllegalArgumentException("no PyTorch reference script at " + reference + " (--reference)");
        }
        try { // before the first repeat, not after a whole Latent Lab epoch
            runProcess(List.of(python, "-c", "import torch, numpy"), Map.of());
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("--python " + python + " cannot run the reference (it needs PyTorch and NumPy): "
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
            JsonNode ref = Json.MAPPER.readTree(out.toFile());
            ObjectNode theirs = Json.object();
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
                return Json.MAPPER.readTree(lines[i]);
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

    public static void print(List<Repeat> repeats) {
        String machine = Machine.describe();
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
}
