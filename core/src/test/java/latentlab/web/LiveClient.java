package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that records every message with its arrival time. */
public final class LiveClient implements WebSocket.Listener, AutoCloseable {
    record Received(JsonNode message, long millis) {}

    final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    final List<Received> all = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    final WebSocket socket;
    volatile int closeCode = -1;

    LiveClient(RunningServer server, String origin) throws Exception {
        this("ws://127.0.0.1:" + server.server.port() + "/ws", origin);
    }

    public LiveClient(String url, String origin) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(URI.create(url), this).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                Received r = new Received(RunningServer.JSON.readTree(partial.toString()), System.currentTimeMillis());
                inbox.add(r);
                all.add(r);
            } catch (Exception e) {
                throw new IllegalStateException("server sent invalid JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message of this type, skipping others; fails after the timeout. */
    public JsonNode next(String type, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Received r = inbox.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no " + type + " message within " + timeoutMillis + " ms");
            }
            if (r.message().path("type").asText().equals(type)) {
                return r.message();
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
