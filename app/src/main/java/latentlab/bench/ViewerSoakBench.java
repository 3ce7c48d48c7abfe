package latentlab.bench;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import latentlab.data.Mnist;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.web.LatentLabServer;
import latentlab.web.Limits;
import latentlab.web.PresenterToken;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A class of N viewers on loopback for a while: full 60,000-image epochs train, first alone (the
 * baseline), then with N real WebSocket clients reading every message. Reports what each viewer
 * received (every epoch message and every epoch's two pictures, fetched from the links the images
 * message carries, as a browser does), broadcast latency (hub send → client read), picture latency
 * (hub send → both PNGs fetched),
 * CPU by thread group, heap after GC at each epoch, and training images/s with viewers against without.
 */
public final class ViewerSoakBench {

    private ViewerSoakBench() {}

    public record Result(int viewers, double seconds, int baselineEpochs, int soakEpochs, double baselineImagesPerSecond,
                  double soakImagesPerSecond, long viewersMissingEpochs, long closedViewers, long messages, long badMessages,
                  double p50Ms, double p99Ms, double maxMs, double p99ProgressMs,
                  double picturesP50Ms, double picturesP99Ms, double picturesMaxMs, long failedFetches,
                  Map<String, Double> cpuPercent,
                  double heapStartMb, double heapEndMb,
                  List<Double> heapAfterGcMb) {
        double slowdownPercent() {
            return 100 * (1 - soakImagesPerSecond / baselineImagesPerSecond);
        }
    }

    public static Result run(Mnist mnist, Device device, int viewers, double minutes, int epochImages, Consumer<String> say)
            throws Exception {
        Path models = Files.createTempDirectory("latent-lab-soak");
        Limits roomy = new Limits(Limits.DEFAULT.requestsPerSecond(), Limits.DEFAULT.messagesPerSecond(),
                viewers + 10, viewers + 10);
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.generate(), models, null, device, Set.of()).withLimits(roomy), s -> {})) {
            String id = server.runs().start(new Hyperparameters(1000, 128, 1e-3, 2, 1.0, 0, 0, epochImages, false));
            RunDirectory run = RunDirectory.open(models, id);
            say.accept("baseline: 2 epochs with no viewers…");
            awaitEpochs(run, 2);
            double baseline = run.readMetrics().get(1).imagesPerSecond(); // the warm one

            SoakStats stats = new SoakStats();
            org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
            http.setExecutor(new org.eclipse.jetty.util.thread.QueuedThreadPool(16, 2, 60_000, -1, null, null,
                    r -> new Thread(r, "soak-viewers")));
            // each viewer is a browser of its own: its own connection for the pictures, none waiting on another's
            http.setMaxConnectionsPerDestination(viewers + 16);
            http.setMaxRequestsQueuedPerDestination(4 * viewers + 64);
            WebSocketClient client = new WebSocketClient(http);
            client.setMaxTextMessageSize(16 << 20);
            client.start();
            List<SoakViewer> all = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                SoakViewer v = new SoakViewer(stats, http, "http://127.0.0.1:" + server.port());
                client.connect(v, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(10, TimeUnit.SECONDS);
                all.add(v);
            }
            long registering = System.nanoTime();
            while (server.hub().clientCount() < viewers && System.nanoTime() - registering < 60e9) {
                Thread.sleep(50); // until the hub has registered every one of them
            }
            if (server.hub().clientCount() < viewers) {
                say.accept("only " + server.hub().clientCount() + " of " + viewers + " viewers registered; close codes seen: "
                        + all.stream().filter(v -> v.closeCode != -1).map(v -> v.closeCode).toList());
            }
            double heapStart = ProcessReadings.heapAfterFullGc(); // once, before the clock starts: no pause inside the window
            int firstEpoch = run.readMetrics().size() + 1; // every viewer is connected before this one ends
            say.accept(viewers + " viewers connected; soaking for " + minutes + " min from epoch " + firstEpoch + "…");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpuBefore = ProcessReadings.threadCpu(threads);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long processCpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            long deadline = System.nanoTime() + (long) (minutes * 60e9);
            List<Double> heap = new ArrayList<>();
            int seen = firstEpoch - 1;
            while (System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                int done = run.readMetrics().size();
                if (done > seen) {
                    seen = done;
                    heap.add(ProcessReadings.heapAfterLatestGc());
                }
            }
            Map<String, Double> cpu = ProcessReadings.cpuPercent(threads, cpuBefore, (System.nanoTime() - wallBefore) / 1e9);
            cpu.put("whole process (training incl. PyTorch threads, server, viewers)",
                    100 * (os.getProcessCpuTime() - processCpuBefore) / 1e9 / ((System.nanoTime() - wallBefore) / 1e9));
            double seconds = (System.nanoTime() - wallBefore) / 1e9;
            server.runs().current().ifPresent(job -> job.control().stop());
            while (server.runs().current().isPresent()) {
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // the last messages land
            double heapEnd = ProcessReadings.heapAfterFullGc();
            List<EpochMetrics> metrics = run.readMetrics();
            int lastEpoch = metrics.size();
            long missing = 0;
            for (SoakViewer v : all) {
                List<String> gaps = new ArrayList<>();
                for (int e = firstEpoch; e <= lastEpoch; e++) {
                    if (!v.epochs.contains(e)) {
                        gaps.add("epoch " + e);
                    }
                    if (!v.images.contains(e)) {
                        gaps.add("images " + e);
                    }
                }
                if (!gaps.isEmpty()) {
                    missing++;
                    say.accept("a viewer missed " + gaps + " (received epochs " + v.epochs + ", images " + v.images
                            + (v.failure != null ? "; its socket failed: " + v.failure : "") + ")");
                }
            }
            long closed = all.stream().filter(v -> v.closeCode != -1).count();
            if (lastEpoch < firstEpoch) {
                throw new IllegalStateException("no epoch finished during the soak: give it more minutes");
            }
            double soakRate = Median.of(metrics.subList(firstEpoch - 1, lastEpoch).stream()
                    .mapToDouble(EpochMetrics::imagesPerSecond).toArray());
            all.forEach(v -> v.finished = true);
            client.stop();
            return new Result(viewers, seconds, 2, lastEpoch - firstEpoch + 1, baseline, soakRate, missing, closed,
                    stats.messages.get(), stats.badMessages.get(), SoakStats.quantile(stats.broadcast, 0.5), SoakStats.quantile(stats.broadcast, 0.99),
                    SoakStats.quantile(stats.broadcast, 1.0), SoakStats.quantile(stats.progress, 0.99),
                    SoakStats.quantile(stats.pictures, 0.5), SoakStats.quantile(stats.pictures, 0.99), SoakStats.quantile(stats.pictures, 1.0),
                    stats.failedFetches.get(), cpu, heapStart, heapEnd, heap);
        }
    }

    public static void print(Result r) {
        System.out.printf("%nLoad and soak: %d viewers on loopback for %.1f min (%d epochs trained meanwhile)%n",
                r.viewers(), r.seconds() / 60, r.soakEpochs());
        row("viewers that missed an epoch or its pictures", String.valueOf(r.viewersMissingEpochs()));
        row("viewers cut off", String.valueOf(r.closedViewers()));
        row("messages delivered", String.format("%,d", r.messages()));
        row("messages that did not parse", String.valueOf(r.badMessages()));
        row("epoch + images message latency p50 / p99 / max", String.format("%.0f / %.0f / %.0f ms", r.p50Ms(), r.p99Ms(), r.maxMs()));
        row("progress broadcast latency p99", String.format("%.0f ms", r.p99ProgressMs()));
        row("pictures fetched (sent → both PNGs in) p50 / p99 / max", String.format("%.0f / %.0f / %.0f ms",
                r.picturesP50Ms(), r.picturesP99Ms(), r.picturesMaxMs()));
        row("picture fetches that failed", String.valueOf(r.failedFetches()));
        row("heap after a full GC, start → end of the soak", String.format("%.0f → %.0f MB", r.heapStartMb(), r.heapEndMb()));
        row("training img/s alone (epoch 2)", String.format("%.0f", r.baselineImagesPerSecond()));
        row("training img/s with viewers (median epoch)", String.format("%.0f", r.soakImagesPerSecond()));
        row("training slowdown", String.format("%.1f %%", r.slowdownPercent()));
        row("heap after the latest GC, at each epoch end (MB)", r.heapAfterGcMb().stream().map(h -> String.format("%.0f", h)).toList().toString());
        r.cpuPercent().forEach((group, percent) -> {
            if (percent >= 0.5 || !group.startsWith("other")) {
                row("CPU, " + group, String.format("%.1f %% of a core", percent));
            }
        });
    }

    private static void row(String label, String value) {
        System.out.printf("  %-52s %s%n", label, value);
    }

    private static void awaitEpochs(RunDirectory run, int epochs) throws Exception {
        while (run.readMetrics().size() < epochs) {
            Thread.sleep(500);
        }
    }
}
