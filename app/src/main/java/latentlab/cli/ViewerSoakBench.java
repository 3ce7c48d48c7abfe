package latentlab.cli;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import latentlab.data.Mnist;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.web.LatentLabServer;
import latentlab.web.Limits;
import latentlab.web.PresenterToken;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A class of N viewers on loopback for a while: full 60,000-image epochs train, first alone (the
 * baseline), then with N real WebSocket clients reading every message. Reports what each viewer
 * received (every epoch message and every epoch's two pictures, fetched from the links the images
 * message carries, as a browser does), broadcast latency (hub send → client read), picture latency
 * (hub send → both PNGs fetched),
 * CPU by thread group, heap after GC at each epoch, and training images/s with viewers against without.
 */
final class ViewerSoakBench {

    private ViewerSoakBench() {}

    record Result(int viewers, double seconds, int baselineEpochs, int soakEpochs, double baselineImagesPerSecond,
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

    /**
     * One simulated student: counts what arrives and records each message's delay. It reads every frame
     * whole but parses only what it checks (type, sentAt, epoch, that the pictures are PNG data), so the
     * measuring clients, which share this machine with the server, cost as little as they can.
     */
    public static final class Viewer implements Session.Listener.AutoDemanding {
        private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();
        final Set<Integer> epochs = new ConcurrentSkipListSet<>();
        final Set<Integer> images = new ConcurrentSkipListSet<>();
        final Stats stats;
        private final org.eclipse.jetty.client.HttpClient http;
        private final String base;
        volatile boolean finished; // the bench is over: closes from here on are ours
        volatile int closeCode = -1;
        volatile String failure;

        /** {@code http} fetches the pictures an images message links to, as a browser would, from {@code base}. */
        Viewer(Stats stats, org.eclipse.jetty.client.HttpClient http, String base) {
            this.stats = stats;
            this.http = http;
            this.base = base;
        }

        @Override
        public void onWebSocketText(String message) {
            try {
                read(message, System.currentTimeMillis());
            } catch (Exception e) {
                stats.badMessages.incrementAndGet();
            }
        }

        private void read(String text, long now) throws java.io.IOException {
            String type = null;
            long sentAt = now;
            int epoch = -1;
            String samples = null;
            String reconstructions = null;
            try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(text)) {
                p.nextToken();
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "type" -> type = p.getText();
                        case "sentAt" -> sentAt = p.getLongValue();
                        case "epoch" -> epoch = p.getIntValue();
                        case "samples" -> samples = p.getText();
                        case "reconstructions" -> reconstructions = p.getText();
                        case "metrics" -> {
                            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                                String inner = p.currentName();
                                p.nextToken();
                                if (inner.equals("epoch")) {
                                    epoch = p.getIntValue();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            }
            stats.messages.incrementAndGet();
            long delay = now - sentAt;
            if ("epoch".equals(type)) {
                epochs.add(epoch);
                stats.record(stats.broadcast, delay);
            } else if ("images".equals(type) && samples != null && reconstructions != null) {
                stats.record(stats.broadcast, delay);
                fetchPictures(epoch, sentAt, samples, reconstructions);
            } else if ("progress".equals(type)) {
                stats.record(stats.progress, delay);
            }
        }

        /** The epoch's pictures count as received once both PNGs have arrived whole. */
        private void fetchPictures(int epoch, long sentAt, String... links) {
            java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(links.length);
            for (String link : links) {
                new org.eclipse.jetty.client.CompletableResponseListener(http.newRequest(base + link), 1 << 20).send()
                        .whenComplete((response, error) -> {
                            if (error != null || response.getStatus() != 200 || !isPng(response.getContent())) {
                                stats.failedFetches.incrementAndGet();
                                failure = link + ": " + (error != null ? error : "HTTP " + response.getStatus());
                            } else if (pending.decrementAndGet() == 0) {
                                images.add(epoch);
                                stats.record(stats.pictures, System.currentTimeMillis() - sentAt);
                            }
                        });
            }
        }

        private static boolean isPng(byte[] bytes) {
            return bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            if (!finished) {
                closeCode = code;
            }
        }

        @Override
        public void onWebSocketError(Throwable error) {
            if (!finished) {
                closeCode = 1006; // closed abnormally
                failure = String.valueOf(error);
            }
        }
    }

    /** Delays in 1-ms buckets up to a minute. */
    private static final class Stats {
        final AtomicLongArray broadcast = new AtomicLongArray(60_001);
        final AtomicLongArray progress = new AtomicLongArray(60_001);
        final AtomicLongArray pictures = new AtomicLongArray(60_001); // images message sent → both PNGs fetched
        final AtomicLong failedFetches = new AtomicLong();

        final AtomicLong messages = new AtomicLong();
        final AtomicLong badMessages = new AtomicLong();

        void record(AtomicLongArray histogram, long delayMillis) {
            histogram.incrementAndGet((int) Math.max(0, Math.min(60_000, delayMillis)));
        }

        static double quantile(AtomicLongArray histogram, double q) {
            long total = 0;
            for (int i = 0; i < histogram.length(); i++) {
                total += histogram.get(i);
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < histogram.length(); i++) {
                seen += histogram.get(i);
                if (seen >= rank && total > 0) {
                    return i;
                }
            }
            return Double.NaN;
        }
    }

    static Result run(Mnist mnist, Device device, int viewers, double minutes, int epochImages, Consumer<String> say)
            throws Exception {
        Path models = Files.createTempDirectory("latent-lab-soak");
        Limits roomy = new Limits(Limits.DEFAULT.requestsPerSecond(), Limits.DEFAULT.messagesPerSecond(),
                viewers + 10, viewers + 10);
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.generate(), models, null, device, Set.of()).withLimits(roomy), s -> {})) {
            String id = server.trainer().start(new Hyperparameters(1000, 128, 1e-3, 2, 1.0, 0, 0, epochImages, false));
            RunDirectory run = RunDirectory.open(models, id);
            say.accept("baseline: 2 epochs with no viewers…");
            awaitEpochs(run, 2);
            double baseline = run.readMetrics().get(1).imagesPerSecond(); // the warm one

            Stats stats = new Stats();
            org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
            http.setExecutor(new org.eclipse.jetty.util.thread.QueuedThreadPool(16, 2, 60_000, -1, null, null,
                    r -> new Thread(r, "soak-viewers")));
            // each viewer is a browser of its own: its own connection for the pictures, none waiting on another's
            http.setMaxConnectionsPerDestination(viewers + 16);
            http.setMaxRequestsQueuedPerDestination(4 * viewers + 64);
            WebSocketClient client = new WebSocketClient(http);
            client.setMaxTextMessageSize(16 << 20);
            client.start();
            List<Viewer> all = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                Viewer v = new Viewer(stats, http, "http://127.0.0.1:" + server.port());
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
            double heapStart = heapAfterFullGc(); // once, before the clock starts: no pause inside the window
            int firstEpoch = run.readMetrics().size() + 1; // every viewer is connected before this one ends
            say.accept(viewers + " viewers connected; soaking for " + minutes + " min from epoch " + firstEpoch + "…");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpuBefore = threadCpu(threads);
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
                    heap.add(heapAfterLatestGc());
                }
            }
            Map<String, Double> cpu = cpuPercent(threads, cpuBefore, (System.nanoTime() - wallBefore) / 1e9);
            cpu.put("whole process (training incl. PyTorch threads, server, viewers)",
                    100 * (os.getProcessCpuTime() - processCpuBefore) / 1e9 / ((System.nanoTime() - wallBefore) / 1e9));
            double seconds = (System.nanoTime() - wallBefore) / 1e9;
            server.trainer().current().ifPresent(job -> job.stop());
            while (server.trainer().current().isPresent()) {
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // the last messages land
            double heapEnd = heapAfterFullGc();
            List<EpochMetrics> metrics = run.readMetrics();
            int lastEpoch = metrics.size();
            long missing = 0;
            for (Viewer v : all) {
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
                    stats.messages.get(), stats.badMessages.get(), Stats.quantile(stats.broadcast, 0.5), Stats.quantile(stats.broadcast, 0.99),
                    Stats.quantile(stats.broadcast, 1.0), Stats.quantile(stats.progress, 0.99),
                    Stats.quantile(stats.pictures, 0.5), Stats.quantile(stats.pictures, 0.99), Stats.quantile(stats.pictures, 1.0),
                    stats.failedFetches.get(), cpu, heapStart, heapEnd, heap);
        }
    }

    static void print(Result r) {
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

    private static double heapAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    /** Heap in use right after the most recent collection of any kind (no collection forced). */
    private static double heapAfterLatestGc() {
        long bestStart = -1;
        double used = Double.NaN;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun && sun.getLastGcInfo() != null
                    && sun.getLastGcInfo().getStartTime() > bestStart) {
                bestStart = sun.getLastGcInfo().getStartTime();
                used = sun.getLastGcInfo().getMemoryUsageAfterGc().values().stream()
                        .filter(u -> u != null).mapToLong(java.lang.management.MemoryUsage::getUsed).sum() / 1e6;
            }
        }
        return used;
    }

    private static void awaitEpochs(RunDirectory run, int epochs) throws Exception {
        while (run.readMetrics().size() < epochs) {
            Thread.sleep(500);
        }
    }

    private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** CPU per thread group, in % of one core, over the soak. */
    private static Map<String, Double> cpuPercent(ThreadMXBean threads, Map<Long, Long> before, double seconds) {
        Map<String, Double> groups = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long now = threads.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            long used = now - before.getOrDefault(id, 0L);
            groups.merge(group(info.getThreadName()), 100 * used / 1e9 / seconds, Double::sum);
        }
        return groups;
    }

    private static String group(String name) {
        if (name.startsWith("training")) {
            return "training (Java side; PyTorch's own threads not counted)";
        }
        if (name.equals("live-hub")) {
            return "live hub (server)";
        }
        if (name.startsWith("JettyServerThreadPool")) {
            return "Jetty I/O (server)";
        }
        if (name.equals("explorer")) {
            return "explorer: decodes, model copy per epoch (server)";
        }
        if (name.equals("latent-map")) {
            return "latent map of each new epoch, background (server)";
        }
        if (name.startsWith("soak-viewers")) {
            return "simulated viewers (client side)";
        }
        return "other (" + name.replaceAll("[-#@]?[0-9a-f]*[0-9][0-9a-f]*$", "") + ")";
    }
}
