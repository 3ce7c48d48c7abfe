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
import java.util.function.UnaryOperator;
import latentlab.RealMnist;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Latent Lab server on a random loopback port, with real MNIST and its own models folder
 * ({@code <temp>/models}). Either started at once ({@code new RunningServer(…)}, in try-with-resources), or
 * shared by all the tests of a class as a JUnit extension:
 * {@code @RegisterExtension static final RunningServer server = RunningServer.perClass(…)} starts it before
 * the class's first test (and before its {@code @BeforeAll}) and closes it after the last.
 */
final class RunningServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    static final String TOKEN = "test-presenter-token";
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final UnaryOperator<LatentLabServer.Settings> adjust;
    LatentLabServer server;
    Path models;

    RunningServer() throws IOException {
        this(freshModels());
    }

    RunningServer(Path models) throws IOException {
        this(models, settings -> settings);
    }

    RunningServer(UnaryOperator<LatentLabServer.Settings> adjust) throws IOException {
        this(adjust, false);
    }

    /** A server whose settings (PIN, limits) the test adjusts, started now. */
    RunningServer(Path models, UnaryOperator<LatentLabServer.Settings> adjust) throws IOException {
        this.adjust = adjust;
        start(models);
    }

    private RunningServer(UnaryOperator<LatentLabServer.Settings> adjust, boolean startedByExtension) throws IOException {
        this.adjust = adjust;
        if (!startedByExtension) {
            start(freshModels());
        }
    }

    /** A server for all the tests of one class (register it as an extension). */
    static RunningServer perClass(UnaryOperator<LatentLabServer.Settings> adjust) {
        try {
            return new RunningServer(adjust, true);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not reached: nothing starts before the extension does
        }
    }

    static RunningServer perClass() {
        return perClass(settings -> settings);
    }

    /**
     * Request limits far above anything a test sends: for tests of what the API answers, where the
     * per-address limit (every test request comes from 127.0.0.1) would only get in the way.
     * ClassroomAccessTest tests the limits themselves.
     */
    static LatentLabServer.Settings roomy(LatentLabServer.Settings settings) {
        return settings.withLimits(new Limits(100_000, 100_000, 1_000, 2_000));
    }

    private void start(Path modelsFolder) throws IOException {
        models = modelsFolder;
        server = LatentLabServer.start(RealMnist.get(), adjust.apply(new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.of(TOKEN), models, Path.of("web"), Device.cpu(), Set.of())), s -> {});
    }

    private static Path freshModels() throws IOException {
        return Files.createDirectories(Files.createTempDirectory("latent-lab").resolve("models"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start(freshModels());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
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
        if (server != null) {
            server.close();
        }
    }
}
