package latentlab.bench;

import ai.djl.Device;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import latentlab.data.Mnist;
import latentlab.train.Hyperparameters;
import latentlab.web.LatentLabServer;
import latentlab.web.Limits;
import latentlab.web.PresenterToken;

/**
 * Throws random and malformed input at a live server (after one short run, so the explorer has a
 * model): every HTTP route with hostile path parameters, bodies, headers and methods, and WebSocket
 * messages of every type with mangled fields, invalid JSON, binary frames and oversize frames. A crash
 * is a 5xx answer, a request the server failed on (logged), a dropped HTTP connection, or a WebSocket
 * closed by a server error; there must be none, and the server must still work at the end.
 */
public final class FuzzBench {
    private FuzzBench() {}

    public record Result(long cases, long httpCases, long socketCases, Map<Integer, Long> statuses, long socketErrorsAnswered,
                  long socketReconnects, long crashes, boolean healthyAfter, double seconds) {}

    private static final String[] ROUTES = {
        "GET /api/status", "GET /api/access", "POST /api/join", "GET /api/share", "GET /api/runs", "POST /api/runs",
        "POST /api/runs/current/pause", "POST /api/runs/current/resume", "POST /api/runs/current/stop",
        "GET /api/runs/{id}", "POST /api/runs/{id}/resume", "GET /api/runs/{id}/images/{epoch}/{kind}",
        "GET /api/runs/{id}/metrics.csv", "GET /api/runs/{id}/replay.gif", "POST /api/decode", "POST /api/encode",
        "POST /api/interpolate", "GET /api/latent-map", "GET /api/manifold", "GET /", "GET /js/main.js",
    };
    private static final String[] NASTY = {
        "", "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%252e%252e%252f", "%00", "-1", "0", "1", "2147483648",
        "99999999999999999999", "NaN", "1e309", "%F0%9F%98%80", "%E2%80%AE", "a".repeat(300), "samples.png",
        "reconstructions.png", "..%5C..%5C", "%20", "null", "{}", "[]", "CON", ".hidden",
    };
    private static final String[] BODIES = {
        "{}", "[]", "null", "\"text\"", "42", "{\"z\": [0, 0]}", "{\"z\": [1e309, 0]}", "{\"z\": \"0,0\"}",
        "{\"testIndex\": 5}", "{\"testIndex\": -1}", "{\"testIndex\": 1.5}", "{\"digit\": 10}", "{\"pixels\": [1, 2]}",
        "{\"drawing\": {\"width\": 280, \"height\": 280, \"strokes\": []}}", "{\"epochs\": 0}", "{\"epochs\": 1e9}",
        "{\"from\": {\"testIndex\": 1}, \"to\": {\"digit\": 7}, \"steps\": 1000}", "{\"from\": {}, \"to\": []}",
        "{\"format\": \"gif\", \"from\": {\"testIndex\": 1}, \"to\": {\"testIndex\": 2}, \"scale\": 99}",
        "{\"pin\": \"0000\"}", "{\"token\": 5}", "{\"batchSize\": -5}", "{\"learningRate\": \"fast\"}", "{",
        "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "\u0000\u0001\u0002", "{\"z\": [0, 0], \"z\": [1, 1]}",
    };
    private static final String[] SOCKET = {
        "{\"type\":\"decode\",\"id\":1,\"z\":[0,0]}", "{\"type\":\"decode\",\"z\":[1e309,0]}", "{\"type\":\"decode\",\"z\":\"x\"}",
        "{\"type\":\"decode\",\"z\":[0,0,0,0,0]}", "{\"type\":\"decode\",\"id\":\"x\",\"z\":[null,1]}", "{\"type\":\"hello\",\"token\":5}",
        "{\"type\":\"hello\",\"token\":\"guess\"}", "{\"type\":\"explore\",\"state\":{}}", "{\"type\":\"ping\"}", "{\"type\":7}",
        "{\"type\":\"" + "x".repeat(3000) + "\"}", "[]", "null", "not json", "", "{\"type\":\"start\"}", "{\"type\":{}}",
    };

    public static Result run(Mnist mnist, Device device, int cases, Consumer<String> say) throws Exception {
        Path models = Files.createTempDirectory("latent-lab-fuzz");
        AtomicLong serverFailures = new AtomicLong();
        Limits roomy = new Limits(100_000, 100_000, 1_000, 2_000);
        PresenterToken token = PresenterToken.generate();
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0, token,
                models, null, device, Set.of()).withLimits(roomy), line -> {
                    if (line.contains("failed")) {
                        serverFailures.incrementAndGet();
                        say.accept("server: " + line);
                    }
                })) {
            say.accept("training one short run so the explorer has a model…");
            String runId = server.runs().start(new Hyperparameters(1, 128, 1e-3, 2, 1.0, 0, 0, 1024, false));
            while (server.runs().current().isPresent()) {
                Thread.sleep(100);
            }
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Random random = new Random(20261124L);
            Map<Integer, Long> statuses = new TreeMap<>();
            long crashes = 0;
            long httpCases = 0;
            long socketCases = 0;
            AtomicLong socketErrors = new AtomicLong();
            AtomicInteger serverCloses = new AtomicInteger();
            long reconnects = 0;
            WebSocket socket = null;
            long started = System.nanoTime();
            say.accept("fuzzing " + cases + " cases…");
            for (int c = 0; c < cases; c++) {
                if (random.nextInt(3) > 0) {
                    httpCases++;
                    String[] route = ROUTES[random.nextInt(ROUTES.length)].split(" ");
                    String method = random.nextInt(20) == 0 ? List.of("PUT", "DELETE", "PATCH", "OPTIONS").get(random.nextInt(4)) : route[0];
                    String path = route[1].replace("{id}", random.nextInt(4) == 0 ? runId : pick(random, NASTY))
                            .replace("{epoch}", random.nextBoolean() ? "1" : pick(random, NASTY))
                            .replace("{kind}", pick(random, NASTY));
                    if (random.nextInt(4) == 0) {
                        path += "?" + pick(random, new String[] {"run", "kind", "delayMs", "method", "epochs", "format"})
                                + "=" + pick(random, NASTY);
                    }
                    String body = random.nextInt(10) == 0 ? "x".repeat(random.nextInt(300_000)) : pick(random, BODIES);
                    HttpRequest.Builder request;
                    try {
                        request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                                .method(method, HttpRequest.BodyPublishers.ofString(body));
                    } catch (IllegalArgumentException e) {
                        continue; // not even a URI: nothing reaches the server
                    }
                    switch (random.nextInt(5)) {
                        case 0 -> request.header("Authorization", "Bearer " + token.value());
                        case 1 -> request.header("Authorization", "Bearer " + pick(random, NASTY));
                        case 2 -> request.header("Content-Type", "text/plain; charset=" + pick(random, NASTY));
                        default -> { }
                    }
                    try {
                        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.merge(status, 1L, Long::sum);
                        if (status >= 500) {
                            crashes++;
                            say.accept("5xx: " + method + " " + path + " body " + abbreviate(body) + " → " + status);
                        }
                    } catch (java.io.IOException e) {
                        crashes++;
                        say.accept("no answer: " + method + " " + path + " body " + abbreviate(body) + ": " + e);
                    }
                    server.runs().current().ifPresent(job -> job.control().stop()); // a valid start must not leave a run training
                } else {
                    socketCases++;
                    if (socket == null || socket.isOutputClosed() || socket.isInputClosed()) {
                        socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                                listener(socketErrors, serverCloses)).get(10, TimeUnit.SECONDS);
                        reconnects++;
                    }
                    try {
                        switch (random.nextInt(12)) {
                            case 0 -> socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
                            case 1 -> socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "y".repeat(5_000) + "\"}", true)
                                    .get(5, TimeUnit.SECONDS); // oversize: the server closes this socket (1009)
                            default -> socket.sendText(pick(random, SOCKET), true).get(5, TimeUnit.SECONDS);
                        }
                    } catch (Exception e) {
                        socket = null; // closed under us (oversize): reopen next time
                    }
                }
            }
            Thread.sleep(1_000);
            crashes += serverFailures.get() + serverCloses.get();
            boolean healthy = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            return new Result(httpCases + socketCases, httpCases, socketCases, statuses, socketErrors.get(), reconnects,
                    crashes, healthy, (System.nanoTime() - started) / 1e9);
        }
    }

    private static WebSocket.Listener listener(AtomicLong errors, AtomicInteger serverCloses) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    if (partial.indexOf("\"type\":\"error\"") >= 0) {
                        errors.incrementAndGet();
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                if (code == 1011) {
                    serverCloses.incrementAndGet(); // a server error
                }
                return null;
            }
        };
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + " chars)" : s;
    }

    public static void print(Result r) {
        System.out.printf("%nFuzz: %,d cases in %.0f s (%,d HTTP, %,d WebSocket)%n", r.cases(), r.seconds(), r.httpCases(), r.socketCases());
        System.out.printf("  %-40s %s%n", "HTTP answers by status", r.statuses());
        System.out.printf("  %-40s %,d%n", "WebSocket errors answered", r.socketErrorsAnswered());
        System.out.printf("  %-40s %,d%n", "WebSocket (re)connections", r.socketReconnects());
        System.out.printf("  %-40s %,d%n", "crashes (5xx, no answer, server error)", r.crashes());
        System.out.printf("  %-40s %s%n", "server healthy afterwards", r.healthyAfter() ? "yes" : "NO");
    }
}
