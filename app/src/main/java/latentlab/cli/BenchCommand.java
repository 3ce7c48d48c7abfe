package latentlab.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import latentlab.data.EpochOrder;
import latentlab.data.Mnist;
import latentlab.model.AdamOptimizer;
import latentlab.model.CourseVae;
import latentlab.model.FrozenDecoder;
import latentlab.model.Initialisation;
import latentlab.model.VaeWeights;
import latentlab.train.TrainingDevice;
import latentlab.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: training images/s (median batch time after warm-up, the way vae_reference.py measures
 * it) and decode latency for 1 and 64 latent vectors (forward pass and copy to the host).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure training throughput and decode latency; compare with shared/bench/vae_reference.py.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--batches", paramLabel = "N", defaultValue = "150", description = "timed training batches (default 150)")
    int batches;
    @Option(names = "--warmup-batches", paramLabel = "N", defaultValue = "20", description = "untimed batches first (default 20)")
    int warmupBatches;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "images per batch (default 128)")
    int batchSize;
    @Option(names = "--latent", paramLabel = "D", defaultValue = "2", description = "latent dimensions (default 2)")
    int latent;
    @Option(names = "--decode-iters", paramLabel = "N", defaultValue = "1000", description = "single decodes timed (default 1000; a fifth as many of 64)")
    int decodeIters;
    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto")
    String device;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist")
    Path data;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;
    @Option(names = "--dashboards", paramLabel = "N", defaultValue = "0",
            description = "also measure training with N open dashboards (WebSocket viewers) against none")
    int dashboards;
    @Option(names = "--dashboard-repeats", paramLabel = "N", defaultValue = "3", description = "alternating runs of each (default 3)")
    int dashboardRepeats;
    @Option(names = "--explorers", paramLabel = "N", defaultValue = "0",
            description = "also measure N simulated students moving sliders during training: latency and slowdown")
    int explorers;
    @Option(names = "--explorer-rate", paramLabel = "PER_S", defaultValue = "30", description = "slider updates per second per student (default 30)")
    double explorerRate;

    @Option(names = "--soak-viewers", paramLabel = "N", defaultValue = "0",
            description = "instead: a class of N viewers for --soak-minutes while full epochs train (load and soak)")
    int soakViewers;
    @Option(names = "--soak-minutes", paramLabel = "M", defaultValue = "10", description = "how long the class watches (default 10)")
    double soakMinutes;
    @Option(names = "--soak-epoch-images", paramLabel = "N", defaultValue = "0",
            description = "images per epoch during the soak (default 0 = all 60,000; fewer for a quick check)")
    int soakEpochImages;
    @Option(names = "--fuzz", paramLabel = "N", defaultValue = "0",
            description = "instead: N random and malformed HTTP and WebSocket inputs against a live server")
    int fuzzCases;

    @Option(names = "--side-by-side", paramLabel = "REPEATS", defaultValue = "0",
            description = "instead: Latent Lab and the course's PyTorch script back to back, REPEATS times each (3 is good), one table of medians and ratios")
    int sideBySide;
    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3", description = "the Python with PyTorch, for --side-by-side")
    String python;
    @Option(names = "--reference", paramLabel = "FILE", defaultValue = "../shared/bench/vae_reference.py",
            description = "the course's PyTorch script, for --side-by-side (default ../shared/bench/vae_reference.py)")
    Path reference;
    @Option(names = "--side-by-side-child", hidden = true, description = "measure this process and print JSON (used by --side-by-side)")
    boolean sideBySideChild;

    @Override
    public Integer call() throws Exception {
        if (soakViewers < 0 || soakViewers > 5000 || !(soakMinutes > 0 && soakMinutes <= 240)) {
            throw new BadArgumentException("--soak-viewers must be 0-5000 and --soak-minutes in (0, 240]");
        }
        if (soakEpochImages < 0 || soakEpochImages > 60_000) {
            throw new BadArgumentException("--soak-epoch-images must be 0-60000");
        }
        if (fuzzCases < 0 || fuzzCases > 10_000_000) {
            throw new BadArgumentException("--fuzz must be 0-10000000");
        }
        Device dev;
        try {
            dev = TrainingDevice.choose(device);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage());
        }
        if (sideBySide < 0 || sideBySide > 20) {
            throw new BadArgumentException("--side-by-side must be 1-20 repeats");
        }
        if (sideBySideChild) {
            System.out.println(SideBySideBench.measureHere(data, dev));
            return 0;
        }
        if (sideBySide > 0) {
            if (dev.isGpu()) {
                throw new BadArgumentException("--side-by-side compares the CPU paths (the reference script is CPU-only); use --device cpu");
            }
            Mnist.fetchAndLoad(data, System.out::println); // present and verified before the children start
            List<SideBySideBench.Repeat> repeats = SideBySideBench.run(sideBySide, data, python, reference, System.out::println);
            SideBySideBench.print(repeats, Machine.describe());
            return 0;
        }
        if (soakViewers > 0 || fuzzCases > 0) {
            Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
            if (soakViewers > 0) {
                ViewerSoakBench.print(ViewerSoakBench.run(mnist, dev, soakViewers, soakMinutes, soakEpochImages, System.out::println));
            }
            if (fuzzCases > 0) {
                FuzzBench.Result fuzz = FuzzBench.run(mnist, dev, fuzzCases, System.out::println);
                FuzzBench.print(fuzz);
                return fuzz.crashes() == 0 ? 0 : 1;
            }
            return 0;
        }
        if (explorers < 0 || explorers > 1000 || !(explorerRate > 0 && explorerRate <= 200)) {
            throw new BadArgumentException("--explorers must be 0-1000 and --explorer-rate in (0, 200]");
        }
        if (dashboards < 0 || dashboards > 1000 || dashboardRepeats < 1) {
            throw new BadArgumentException("--dashboards must be 0-1000 and --dashboard-repeats at least 1");
        }
        if (batches < 5 || warmupBatches < 0 || batchSize < 1 || batchSize > 4096 || latent < 1 || latent > 64
                || decodeIters < 10) {
            throw new BadArgumentException("need --batches ≥ 5, --warmup-batches ≥ 0, --batch-size 1-4096, "
                    + "--latent 1-64, --decode-iters ≥ 10");
        }
        Mnist mnist = Mnist.fetchAndLoad(data, json ? s -> {} : System.out::println);
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("device", TrainingDevice.describe(dev));
        result.put("batchSize", batchSize);
        result.put("latent", latent);
        try (NDManager manager = NDManager.newBaseManager(dev)) {
            NDArray images = manager.create(java.nio.ByteBuffer.wrap(mnist.trainImages().pixels()),
                    new Shape(mnist.trainImages().count(), 1, 28, 28), DataType.UINT8);
            try (VaeWeights weights = VaeWeights.initialise(manager, latent, Initialisation.KAIMING_NORMAL, 0)) {
                weights.requireGradients();
                double[] batchSeconds = train(new CourseVae(weights), weights, images, manager);
                double median = Median.of(batchSeconds);
                result.put("trainImagesPerSecond", batchSize / median);
                result.put("medianBatchMs", median * 1e3);
                result.put("secondsPer60000", 60_000 / (batchSize / median));
                try (VaeWeights frozen = weights.copy(manager)) {
                    FrozenDecoder explorer = new FrozenDecoder(frozen); // what the explorer decodes with
                    result.put("decode1Ms", Median.of(SideBySideBench.decode(explorer, manager, 1, latent, decodeIters)) * 1e3);
                    result.put("decode64Ms", Median.of(SideBySideBench.decode(explorer, manager, 64, latent, Math.max(50, decodeIters / 5))) * 1e3);
                }
            }
        }
        if (dashboards > 0) {
            List<DashboardBench.Result> runs = DashboardBench.run(mnist, dev, dashboards, dashboardRepeats, 12_800);
            double none = Median.of(runs.stream().filter(r -> r.viewers() == 0).mapToDouble(DashboardBench.Result::imagesPerSecond).toArray());
            double with = Median.of(runs.stream().filter(r -> r.viewers() > 0).mapToDouble(DashboardBench.Result::imagesPerSecond).toArray());
            result.put("dashboards", dashboards);
            result.put("trainImagesPerSecondNoDashboards", none);
            result.put("trainImagesPerSecondWithDashboards", with);
            result.put("dashboardSlowdownPercent", 100 * (1 - with / none));
            result.put("messagesPerDashboard", runs.stream().filter(r -> r.viewers() > 0).mapToLong(DashboardBench.Result::messagesPerViewer).min().orElse(0));
        }
        if (explorers > 0) {
            ExplorerBench.Result r = ExplorerBench.run(mnist, dev, explorers, explorerRate, 12_800);
            result.put("explorers", explorers);
            result.put("explorerUpdatesPerSecond", explorerRate);
            result.put("sliderLatencyP50Ms", r.p50Ms());
            result.put("sliderLatencyP95Ms", r.p95Ms());
            result.put("sliderRepliesPerSent", (double) r.replies() / Math.max(1, r.sent()));
            result.put("trainImagesPerSecondNoExplorers", r.imagesPerSecondAlone());
            result.put("trainImagesPerSecondWithExplorers", r.imagesPerSecondWithExplorers());
            result.put("explorerSlowdownPercent", 100 * (1 - r.imagesPerSecondWithExplorers() / r.imagesPerSecondAlone()));
        }
        if (json) {
            System.out.println(result);
        } else {
            System.out.printf("%-34s %12s%n", "Latent Lab bench (" + result.get("device").asText() + ")", "");
            System.out.printf("%-34s %12.0f%n", "training images/s (median batch)", result.get("trainImagesPerSecond").asDouble());
            System.out.printf("%-34s %12.1f%n", "seconds per 60,000-image epoch", result.get("secondsPer60000").asDouble());
            System.out.printf("%-34s %12.3f%n", "decode 1 vector (ms, median)", result.get("decode1Ms").asDouble());
            System.out.printf("%-34s %12.3f%n", "decode 64 vectors (ms, median)", result.get("decode64Ms").asDouble());
            if (explorers > 0) {
                System.out.printf("%-34s %12.1f%n", "slider-to-image p50 (ms)", result.get("sliderLatencyP50Ms").asDouble());
                System.out.printf("%-34s %12.1f%n", "slider-to-image p95 (ms)", result.get("sliderLatencyP95Ms").asDouble());
                System.out.printf("%-34s %12.2f%n", "decoded replies per slider message", result.get("sliderRepliesPerSent").asDouble());
                System.out.printf("%-34s %12.0f%n", "img/s, no explorers", result.get("trainImagesPerSecondNoExplorers").asDouble());
                System.out.printf("%-34s %12.0f%n", "img/s, " + explorers + " explorers", result.get("trainImagesPerSecondWithExplorers").asDouble());
                System.out.printf("%-34s %12.1f%n", "slowdown (%)", result.get("explorerSlowdownPercent").asDouble());
            }
            if (dashboards > 0) {
                System.out.printf("%-34s %12.0f%n", "img/s, no dashboard (median)", result.get("trainImagesPerSecondNoDashboards").asDouble());
                System.out.printf("%-34s %12.0f%n", "img/s, " + dashboards + " dashboards (median)", result.get("trainImagesPerSecondWithDashboards").asDouble());
                System.out.printf("%-34s %12.1f%n", "slowdown (%)", result.get("dashboardSlowdownPercent").asDouble());
                System.out.printf("%-34s %12d%n", "messages received per dashboard", result.get("messagesPerDashboard").asLong());
            }
        }
        return 0;
    }

    private double[] train(CourseVae vae, VaeWeights weights, NDArray images, NDManager manager) {
        long[] order = EpochOrder.shuffled((int) images.getShape().get(0), 0, 1, 0);
        SplittableRandom noise = new SplittableRandom(1);
        double[] seconds = new double[batches];
        try (AdamOptimizer adam = new AdamOptimizer(weights)) {
            for (int b = 0; b < warmupBatches + batches; b++) {
                long started = System.nanoTime();
                int from = (b * batchSize) % (order.length - batchSize);
                float[] eps = new float[batchSize * latent];
                for (int i = 0; i < eps.length; i++) {
                    eps[i] = (float) noise.nextGaussian();
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = images.get(new NDIndex("{}", manager.create(Arrays.copyOfRange(order, from, from + batchSize))))
                            .toType(DataType.FLOAT32, false).div(255f);
                    TrainingStep.run(vae, adam, x, manager.create(eps, new Shape(batchSize, latent)), 1f, 1e-3f);
                }
                if (b >= warmupBatches) {
                    seconds[b - warmupBatches] = (System.nanoTime() - started) / 1e9;
                }
            }
        }
        return seconds;
    }
}
