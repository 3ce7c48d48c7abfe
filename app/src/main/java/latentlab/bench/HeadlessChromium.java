package latentlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import latentlab.json.Json;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket), for benchmarks that time
 * the page itself: open a URL, evaluate scripts (awaiting their promises) and read the values back.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    HeadlessChromium(int width, int height) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("no " + CHROMIUM + ": install Debian's chromium for the browser bench");
        }
        profile = Files.createTempDirectory("latent-lab-chromium");
        process = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + width + "," + height,
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                close();
                throw new IOException("chromium did not open its DevTools port");
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String url = null;
        for (JsonNode target : Json.MAPPER.readTree(list)) {
            if (target.path("type").asText().equals("page")) {
                url = target.get("webSocketDebuggerUrl").asText();
            }
        }
        if (url == null) {
            close();
            throw new IOException("chromium opened no page");
        }
        page = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode message = Json.MAPPER.readTree(text.toString());
                        CompletableFuture<JsonNode> answer = message.has("id") ? waiting.remove(message.get("id").asLong()) : null;
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } catch (IOException e) {
                        // not JSON: not a DevTools answer
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    private JsonNode call(String method, ObjectNode params, long timeoutSeconds) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ObjectNode message = Json.object();
        message.put("id", id).put("method", method).set("params", params);
        page.sendText(message.toString(), true).join();
        JsonNode reply = answer.get(timeoutSeconds, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    void open(String url) throws Exception {
        ObjectNode params = Json.object();
        params.put("url", url);
        call("Page.navigate", params, 30);
    }

    /** The value of a script (an expression; a promise is awaited), as JSON. */
    JsonNode evaluate(String expression, long timeoutSeconds) throws Exception {
        ObjectNode params = Json.object();
        params.put("expression", expression).put("awaitPromise", true).put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params, timeoutSeconds);
        if (result.has("exceptionDetails")) {
            throw new IOException("the page threw: " + result.get("exceptionDetails").path("exception").path("description").asText(
                    result.get("exceptionDetails").toString()));
        }
        return result.path("result").path("value");
    }

    /** Waits until the expression is true. */
    void await(String expression, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!evaluate("!!(" + expression + ")", 10).asBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("the page never got to: " + expression);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            TempFolder.delete(profile);
        } catch (Exception e) {
            // a profile folder left in /tmp is no harm
        }
    }
}
