package latentlab.web;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import latentlab.RealMnist;

/** A real Latent Lab server on a random loopback port, with real MNIST and its own models folder. */
final class RunningServer implements AutoCloseable {
    static final String TOKEN = "test-presenter-token";
    static final ObjectMapper JSON = new ObjectMapper();
    final LatentLabServer server;
    final Path models;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningServer() throws IOException {
        this(Files.createTempDirectory("latent-lab-models"));
    }

    RunningServer(Path models) throws IOException {
        this(models, settings -> settings);
    }

    /**
     * Request limits far above anything a test sends: for tests of what the API answers, where the
     * per-address limit (every test request comes from 127.0.0.1) would only get in the way.
     * ClassroomAccessTest tests the limits themselves.
     */
    static LatentLabServer.Settings roomy(LatentLabServer.Settings settings) {
        return settings.withLimits(new Limits(100_000, 100_000, 1_000, 2_000));
    }

    /** A server whose settings (PIN, limits) the test adjusts. */
    RunningServer(Path models, java.util.function.UnaryOperator<LatentLabServer.Settings> adjust) throws IOException {
        this.models = models;
        server = LatentLabServer.start(RealMnist.get(), adjust.apply(new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.of(TOKEN), models, Path.of("web"), Device.cpu(), Set.of())), s -> {});
    }

    RunningServer(java.util.function.UnaryOperator<LatentLabServer.Settings> adjust) throws IOException {
        this(Files.createTempDirectory("latent-lab-models"), adjust);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    record Reply(int status, JsonNode body, String raw) {}

    Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
    }

    /** A request with any headers (name, value, name, value…). */
    Reply request(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    Reply post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Reply control(String path, String body) throws Exception {
        return post(path, body, TOKEN);
    }

    private Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON (a PNG, say)
        }
        return new Reply(r.statusCode(), body, r.body());
    }

    /** Waits until the server reports this state. */
    void awaitState(String state, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!get("/api/status").body().get("state").asText().equals(state)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("server never reached state " + state + ": " + get("/api/status").raw());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
