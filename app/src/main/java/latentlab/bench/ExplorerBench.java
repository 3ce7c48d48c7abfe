package latentlab.bench;

import ai.djl.Device;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import latentlab.data.Mnist;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.web.LatentLabServer;
import latentlab.web.PresenterToken;

/**
 * N simulated students moving sliders at a fixed rate over real WebSockets while a run trains: the
 * latency from a slider message to its decoded image (p50, p95), and training images/s with and
 * without them.
 */
final class ExplorerBench {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private ExplorerBench() {}

    record Result(double imagesPerSecondAlone, double imagesPerSecondWithExplorers, double p50Ms, double p95Ms,
                  long replies, long sent) {}

    static Result run(Mnist mnist, Device device, int explorers, double ratePerSecond, int imagesPerEpoch) throws Exception {
        Path models = Files.createTempDirectory("latent-lab-bench");
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.generate(), models, null, device, Set.of()), s -> {})) {
            double alone = train(server, models, imagesPerEpoch);
            ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
            long[] sent = new long[1];
            ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
            List<WebSocket> sockets = new ArrayList<>();
            List<ScheduledFuture<?>> tasks = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < explorers; i++) {
                Map<Long, Long> sentAt = new ConcurrentHashMap<>();
                WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    String message = text.toString();
                                    text.setLength(0);
                                    if (message.startsWith("{\"type\":\"decoded\"")) {
                                        Matcher m = ID.matcher(message);
                                        if (m.find()) {
                                            Long at = sentAt.remove(Long.parseLong(m.group(1)));
                                            if (at != null) {
                                                latencies.add((System.nanoTime() - at) / 1e6);
                                            }
                                        }
                                    }
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
                sockets.add(socket);
                long[] next = {1};
                long period = Math.round(1e6 / ratePerSecond);
                tasks.add(clock.scheduleAtFixedRate(() -> {
                    long id = next[0]++;
                    double a = ThreadLocalRandom.current().nextGaussian();
                    double b = ThreadLocalRandom.current().nextGaussian();
                    sentAt.keySet().removeIf(k -> k < id - 50); // superseded: the server keeps only the latest
                    sentAt.put(id, System.nanoTime());
                    socket.sendText("{\"type\":\"decode\",\"id\":" + id + ",\"z\":[" + a + "," + b + "]}", true).join();
                    synchronized (sent) {
                        sent[0]++;
                    }
                }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MICROSECONDS));
            }
            double together = train(server, models, imagesPerEpoch);
            tasks.forEach(t -> t.cancel(false));
            clock.shutdown();
            sockets.forEach(WebSocket::abort);
            double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Result(alone, together, percentile(ms, 0.5), percentile(ms, 0.95), ms.length, sent[0]);
        }
    }

    private static double train(LatentLabServer server, Path models, int imagesPerEpoch) throws Exception {
        String id = server.runs().start(new Hyperparameters(2, 128, 1e-3, 2, 1.0, 0, 0, imagesPerEpoch, false));
        while (server.runs().current().isPresent()) {
            Thread.sleep(100);
        }
        List<EpochMetrics> metrics = RunDirectory.open(models, id).readMetrics();
        return metrics.get(metrics.size() - 1).imagesPerSecond();
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
