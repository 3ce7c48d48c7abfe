package latentlab.bench;

import ai.djl.Device;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import latentlab.data.Mnist;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.web.LatentLabServer;
import latentlab.web.PresenterToken;

/**
 * What open dashboards cost training: the same short run with 0 and with N WebSocket viewers (real
 * clients on loopback, reading every message), alternated, reporting training images/s of each.
 */
final class DashboardBench {
    private DashboardBench() {}

    record Result(int viewers, double imagesPerSecond, long messagesPerViewer) {}

    static List<Result> run(Mnist mnist, Device device, int viewers, int repeats, int imagesPerEpoch) throws Exception {
        Path models = Files.createTempDirectory("latent-lab-bench");
        List<Result> results = new ArrayList<>();
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.generate(), models, null, device, Set.of()), s -> {})) {
            for (int r = 0; r < repeats; r++) {
                for (int n : new int[] {0, viewers}) {
                    results.add(once(server, models, n, imagesPerEpoch));
                }
            }
        }
        return results;
    }

    private static Result once(LatentLabServer server, Path models, int viewers, int imagesPerEpoch) throws Exception {
        AtomicLong messages = new AtomicLong();
        List<WebSocket> sockets = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < viewers; i++) {
            sockets.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            if (last) {
                                messages.incrementAndGet();
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS));
        }
        String id = server.runs().start(new Hyperparameters(2, 128, 1e-3, 2, 1.0, 0, 0, imagesPerEpoch, false));
        while (server.runs().current().isPresent()) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
        sockets.forEach(WebSocket::abort);
        List<EpochMetrics> metrics = RunDirectory.open(models, id).readMetrics();
        double rate = metrics.get(metrics.size() - 1).imagesPerSecond(); // the second epoch: warm
        return new Result(viewers, rate, viewers == 0 ? 0 : messages.get() / viewers);
    }
}
