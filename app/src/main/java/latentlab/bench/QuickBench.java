package latentlab.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latentlab.data.Mnist;
import latentlab.json.Json;
import latentlab.model.FrozenDecoder;
import latentlab.model.VaeWeights;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingDevice;
import latentlab.train.TrainingJob;

/**
 * {@code bench}: training images/s of the real training loop (a one-epoch run of warm-up plus timed
 * batches; the median full batch after the warm-up, as vae_reference.py measures) and the explorer's
 * decode of 1 and of 64 codes; optionally what open dashboards or exploring students cost training.
 */
public final class QuickBench {
    /** What to measure. {@code dashboards}/{@code explorers} 0: not measured. */
    public record Settings(int batches, int warmupBatches, int batchSize, int latent, int decodeIters, int dashboards,
                           int dashboardRepeats, int explorers, double explorerRate) {}

    private QuickBench() {}

    /** The run the loop is timed on; refused (IllegalArgumentException) when it would not fit one epoch. */
    public static Hyperparameters hyperparameters(Settings s) {
        int images = (s.warmupBatches() + s.batches()) * s.batchSize();
        if (images > Hyperparameters.TRAIN_IMAGES) {
            throw new IllegalArgumentException("(--warmup-batches + --batches) × --batch-size is " + images
                    + " images; one epoch holds at most " + Hyperparameters.TRAIN_IMAGES);
        }
        return Hyperparameters.defaults().with(java.util.Map.of("epochs", 1, "batchSize", s.batchSize(),
                "latentDim", s.latent(), "trainLimit", images));
    }

    public static ObjectNode measure(Mnist mnist, Device device, Settings s) throws Exception {
        Hyperparameters hp = hyperparameters(s);
        ObjectNode result = Json.object();
        result.put("device", TrainingDevice.describe(device));
        result.put("batchSize", s.batchSize());
        result.put("latent", s.latent());
        Path models = Files.createTempDirectory("latent-lab-bench");
        try {
            TrainingJob job = new TrainingJob(mnist, RunDirectory.create(models, hp), hp, device, null, line -> {});
            BatchClock clock = new BatchClock(s.batchSize(), s.warmupBatches(),
                    ManagementFactory.getRuntimeMXBean().getStartTime());
            job.addListener(clock);
            job.run();
            double median = clock.medianBatchSeconds();
            result.put("trainImagesPerSecond", s.batchSize() / median);
            result.put("medianBatchMs", median * 1e3);
            result.put("secondsPer60000", 60_000 / (s.batchSize() / median));
            try (NDManager manager = NDManager.newBaseManager(device);
                 VaeWeights weights = VaeWeights.fromValues(manager, s.latent(), clock.lastWeights().weights())) {
                FrozenDecoder decoder = new FrozenDecoder(weights); // what the explorer decodes with
                result.put("decode1Ms", DecodeTiming.medianMillis(decoder, manager, 1, s.decodeIters()));
                result.put("decode64Ms", DecodeTiming.medianMillis(decoder, manager, 64, Math.max(50, s.decodeIters() / 5)));
            }
        } finally {
            TempFolder.delete(models);
        }
        if (s.dashboards() > 0) {
            List<DashboardBench.Result> runs = DashboardBench.run(mnist, device, s.dashboards(), s.dashboardRepeats(), 12_800);
            double none = Median.of(runs.stream().filter(r -> r.viewers() == 0).mapToDouble(DashboardBench.Result::imagesPerSecond).toArray());
            double with = Median.of(runs.stream().filter(r -> r.viewers() > 0).mapToDouble(DashboardBench.Result::imagesPerSecond).toArray());
            result.put("dashboards", s.dashboards());
            result.put("trainImagesPerSecondNoDashboards", none);
            result.put("trainImagesPerSecondWithDashboards", with);
            result.put("dashboardSlowdownPercent", 100 * (1 - with / none));
            result.put("messagesPerDashboard", runs.stream().filter(r -> r.viewers() > 0)
                    .mapToLong(DashboardBench.Result::messagesPerViewer).min().orElse(0));
        }
        if (s.explorers() > 0) {
            ExplorerBench.Result r = ExplorerBench.run(mnist, device, s.explorers(), s.explorerRate(), 12_800);
            result.put("explorers", s.explorers());
            result.put("explorerUpdatesPerSecond", s.explorerRate());
            result.put("sliderLatencyP50Ms", r.p50Ms());
            result.put("sliderLatencyP95Ms", r.p95Ms());
            result.put("sliderRepliesPerSent", (double) r.replies() / Math.max(1, r.sent()));
            result.put("trainImagesPerSecondNoExplorers", r.imagesPerSecondAlone());
            result.put("trainImagesPerSecondWithExplorers", r.imagesPerSecondWithExplorers());
            result.put("explorerSlowdownPercent", 100 * (1 - r.imagesPerSecondWithExplorers() / r.imagesPerSecondAlone()));
        }
        return result;
    }

    public static void print(ObjectNode result) {
        System.out.printf("%-34s %12s%n", "Latent Lab bench (" + result.get("device").asText() + ")", "");
        row("training images/s (median batch)", "%12.0f", result, "trainImagesPerSecond");
        row("seconds per 60,000-image epoch", "%12.1f", result, "secondsPer60000");
        row("decode 1 vector (ms, median)", "%12.3f", result, "decode1Ms");
        row("decode 64 vectors (ms, median)", "%12.3f", result, "decode64Ms");
        if (result.has("explorers")) {
            int n = result.get("explorers").asInt();
            row("slider-to-image p50 (ms)", "%12.1f", result, "sliderLatencyP50Ms");
            row("slider-to-image p95 (ms)", "%12.1f", result, "sliderLatencyP95Ms");
            row("decoded replies per slider message", "%12.2f", result, "sliderRepliesPerSent");
            row("img/s, no explorers", "%12.0f", result, "trainImagesPerSecondNoExplorers");
            row("img/s, " + n + " explorers", "%12.0f", result, "trainImagesPerSecondWithExplorers");
            row("slowdown (%)", "%12.1f", result, "explorerSlowdownPercent");
        }
        if (result.has("dashboards")) {
            int n = result.get("dashboards").asInt();
            row("img/s, no dashboard (median)", "%12.0f", result, "trainImagesPerSecondNoDashboards");
            row("img/s, " + n + " dashboards (median)", "%12.0f", result, "trainImagesPerSecondWithDashboards");
            row("slowdown (%)", "%12.1f", result, "dashboardSlowdownPercent");
            row("messages received per dashboard", "%12.0f", result, "messagesPerDashboard");
        }
    }

    private static void row(String label, String format, ObjectNode result, String key) {
        System.out.printf("%-34s " + format + "%n", label, result.get(key).asDouble());
    }
}
