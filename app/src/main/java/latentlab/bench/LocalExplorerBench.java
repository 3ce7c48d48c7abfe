package latentlab.bench;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.lang.management.ManagementFactory;
import latentlab.data.Mnist;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.web.LatentLabServer;
import latentlab.web.Limits;
import latentlab.web.PresenterToken;

/**
 * N simulated students ({@link SimulatedStudents}) explore while a run trains: training images/s alone and
 * with them (alternated rounds, medians), the bytes served per epoch, and how long after an epoch's end
 * (the images message's server stamp) each student holds its decoder: p50, p99, max. The students run
 * in this process, on the same cores, so their own CPU (reported by thread group) is charged to training
 * too. All come from loopback, so the per-address cap is raised to N for the bench.
 */
public final class LocalExplorerBench {
    private LocalExplorerBench() {}

    public record Result(int students, int imagesPerEpoch, double imagesPerSecondAlone, double imagesPerSecondWithStudents,
                         double bytesPerEpoch, double holdP50Ms, double holdP99Ms, double holdMaxMs, long holds, long expectedHolds,
                         Map<String, Double> cpuPercentWithStudents) {}

    public static Result run(Mnist mnist, Device device, int students, int imagesPerEpoch, int repeats,
                             java.util.function.Consumer<String> log) throws Exception {
        Path models = Files.createTempDirectory("latent-lab-bench");
        Limits limits = new Limits(Limits.DEFAULT.requestsPerSecond(), Limits.DEFAULT.messagesPerSecond(),
                students + 10, Math.max(Limits.DEFAULT.maxConnections(), students + 10));
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.generate(), models, null, device, Set.of()).withLimits(limits), s -> {})) {
            List<Double> alone = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            List<Double> holds = new ArrayList<>();
            long bytes = 0;
            Map<String, Double> cpu = new TreeMap<>();
            long epochs = 0;
            for (int r = 0; r < repeats; r++) {
                alone.add(train(server, models, imagesPerEpoch));
                var threads = ManagementFactory.getThreadMXBean();
                double seconds;
                Map<Long, Long> before;
                try (SimulatedStudents here = new SimulatedStudents(server.port(), students)) {
                    log.accept(students + " students connected (round " + (r + 1) + " of " + repeats + ")");
                    before = ProcessReadings.threadCpu(threads);
                    long started = System.nanoTime();
                    with.add(train(server, models, imagesPerEpoch));
                    seconds = (System.nanoTime() - started) / 1e9;
                    // read while the students' threads still live: once closed, their CPU is no longer counted
                    ProcessReadings.cpuPercent(threads, before, seconds).forEach((group, percent) ->
                            cpu.merge(group, percent / repeats, Double::sum));
                    Thread.sleep(2_000); // the last epoch's fetches finish (its latent map comes after the run)
                    bytes += here.bytes();
                    holds.addAll(here.holdMillis());
                }
                epochs += 2;
            }
            double[] ms = holds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Result(students, imagesPerEpoch, Median.of(alone.stream().mapToDouble(Double::doubleValue).toArray()),
                    Median.of(with.stream().mapToDouble(Double::doubleValue).toArray()), (double) bytes / epochs,
                    ExplorerBench.percentile(ms, 0.5), ExplorerBench.percentile(ms, 0.99),
                    ms.length == 0 ? Double.NaN : ms[ms.length - 1], ms.length, epochs * students, cpu);
        }
    }

    private static double train(LatentLabServer server, Path models, int imagesPerEpoch) throws Exception {
        String id = server.runs().start(new Hyperparameters(2, 128, 1e-3, 2, 1.0, 0, 0, imagesPerEpoch == 60_000 ? 0 : imagesPerEpoch, false));
        while (server.runs().current().isPresent()) {
            Thread.sleep(100);
        }
        List<EpochMetrics> metrics = RunDirectory.open(models, id).readMetrics();
        return metrics.get(metrics.size() - 1).imagesPerSecond();
    }

    public static void print(Result r) {
        System.out.printf("%-44s %12s%n", "Latent Lab classroom bench: students decode on their device", "");
        System.out.printf("%-44s %12d%n", "students (a socket each, fetching per epoch)", r.students());
        System.out.printf("%-44s %12d%n", "training images per epoch", r.imagesPerEpoch());
        System.out.printf("%-44s %12.0f%n", "img/s, no students (median)", r.imagesPerSecondAlone());
        System.out.printf("%-44s %12.0f%n", "img/s, with students (median)", r.imagesPerSecondWithStudents());
        System.out.printf("%-44s %12.1f%n", "slowdown (%)", 100 * (1 - r.imagesPerSecondWithStudents() / r.imagesPerSecondAlone()));
        System.out.printf("%-44s %12.1f%n", "MB served per epoch (files and messages)", r.bytesPerEpoch() / 1e6);
        System.out.printf("%-44s %12.0f%n", "epoch end to decoder held, p50 (ms)", r.holdP50Ms());
        System.out.printf("%-44s %12.0f%n", "epoch end to decoder held, p99 (ms)", r.holdP99Ms());
        System.out.printf("%-44s %12.0f%n", "epoch end to decoder held, max (ms)", r.holdMaxMs());
        System.out.printf("%-44s %7d of %d%n", "decoders held (students × epochs)", r.holds(), r.expectedHolds());
        System.out.println("CPU while training with the students, % of one core, by thread group (Java threads):");
        r.cpuPercentWithStudents().entrySet().stream().filter(e -> e.getValue() >= 0.5)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %-60s %6.1f%n", e.getKey(), e.getValue()));
    }
}
