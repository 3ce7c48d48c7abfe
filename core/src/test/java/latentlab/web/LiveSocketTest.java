package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A browser's view of the live socket: snapshot, progress, epochs and images, in order; bad input answered. */
class LiveSocketTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    @Test
    void aShortRunStreamsSnapshotProgressEpochsAndImagesInOrder() throws Exception {
        try (LiveClient viewer = new LiveClient(server, server.base())) {
            JsonNode first = viewer.next("snapshot", 10_000);
            assertFalse(first.get("canControl").asBoolean());
            assertEquals("idle", first.get("state").asText());

            String id = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 2000, \"seed\": 2}").body().get("runId").asText();
            JsonNode runSnapshot = viewer.next("snapshot", 30_000);
            assertEquals(id, runSnapshot.get("runId").asText());
            assertEquals(2000, runSnapshot.get("hyperparameters").get("trainLimit").asInt());

            List<String> order = new ArrayList<>();
            List<LiveClient.Received> progress = new ArrayList<>();
            int imagesSeen = 0;
            long deadline = System.currentTimeMillis() + 180_000;
            while (imagesSeen < 2 && System.currentTimeMillis() < deadline) {
                LiveClient.Received r = viewer.inbox.poll(deadline - System.currentTimeMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                String type = r.message().get("type").asText();
                if (type.equals("progress")) {
                    progress.add(r);
                }
                boolean relevant = List.of("progress", "epoch", "images").contains(type);
                if (relevant && (order.isEmpty() || !order.get(order.size() - 1).equals(type))) {
                    order.add(type); // the sequence of message kinds, repeats collapsed
                }
                if (type.equals("epoch")) {
                    if (!progress.isEmpty() && order.get(order.size() - 1).equals("epoch")) {
                        progress.remove(progress.size() - 1); // the epoch's last progress, sent to all pages at its end
                    }
                    JsonNode m = r.message().get("metrics");
                    assertEquals(imagesSeen + 1, m.get("epoch").asInt());
                    for (String f : List.of("trainBce", "trainKld", "testBce", "testKld", "activeDims", "collapsed")) {
                        assertTrue(m.has(f), f);
                    }
                }
                if (type.equals("images")) {
                    imagesSeen++;
                    assertEquals(imagesSeen, r.message().get("epoch").asInt());
                    for (String kind : List.of("samples", "reconstructions")) {
                        // a link to the PNG, which is in the run folder before the message goes out
                        String link = r.message().get(kind).asText();
                        assertEquals("/api/runs/" + id + "/images/" + imagesSeen + "/" + kind + ".png", link);
                        var png = server.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + link)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                        assertEquals(200, png.statusCode(), link);
                        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
                        assertEquals((byte) 0x89, png.body()[0]);
                        assertEquals("PNG", new String(png.body(), 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
                    }
                }
            }
            assertEquals(List.of("progress", "epoch", "images", "progress", "epoch", "images"), order);
            assertFalse(progress.isEmpty(), "progress arrives during the run");
            for (int i = 1; i < progress.size(); i++) {
                long gap = progress.get(i).message().get("sentAt").asLong() - progress.get(i - 1).message().get("sentAt").asLong();
                assertTrue(gap >= 600, "a viewer gets progress about once a second, got a gap of " + gap + " ms");
            }
            JsonNode last = progress.get(progress.size() - 1).message();
            assertTrue(last.get("imagesPerSecond").asDouble() > 0 && last.has("etaSeconds") && last.has("imagesDone"));
            server.awaitState("idle", 60_000);

            try (LiveClient late = new LiveClient(server, null)) {
                JsonNode snapshot = late.next("snapshot", 10_000);
                assertEquals(2, snapshot.get("history").size(), "a late joiner sees the whole history at once");
                assertEquals(2, snapshot.get("images").get("epoch").asInt());
                assertEquals("completed", snapshot.get("outcome").asText());
            }
        }
    }

    @Test
    void thePresentersPageGetsProgressFiveTimesASecondAViewersOnce() throws Exception {
        try (LiveClient viewer = new LiveClient(server, server.base()); LiveClient presenter = new LiveClient(server, server.base())) {
            viewer.next("snapshot", 10_000);
            presenter.next("snapshot", 10_000);
            presenter.send("{\"type\": \"hello\", \"token\": \"" + RunningServer.TOKEN + "\"}");
            while (!presenter.next("snapshot", 10_000).get("canControl").asBoolean()) {
                // the hello's answer is a snapshot that lets this page control
            }
            server.control("/api/runs", "{\"epochs\": 1, \"trainLimit\": 12800, \"seed\": 3}");
            int fromPresenter = progressUntilEpoch(presenter);
            int fromViewer = progressUntilEpoch(viewer);
            assertTrue(fromViewer >= 1, "the viewer gets progress too");
            assertTrue(fromPresenter >= 2 * fromViewer, "presenter " + fromPresenter + " progress messages, viewer " + fromViewer);
            server.awaitState("idle", 60_000);
        }
    }

    /** The progress messages a client gets before the first epoch message. */
    private static int progressUntilEpoch(LiveClient client) throws Exception {
        int count = 0;
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            LiveClient.Received r = client.inbox.poll(Math.max(1, deadline - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            String type = r == null ? "" : r.message().get("type").asText();
            if (type.equals("epoch")) {
                return count;
            }
            count += type.equals("progress") ? 1 : 0;
        }
        throw new AssertionError("no epoch message within 3 minutes");
    }

    @Test
    void badMessagesAreAnsweredWithErrorsAndTheSocketStaysUp() throws Exception {
        try (LiveClient client = new LiveClient(server, null)) {
            client.next("snapshot", 10_000);
            client.send("this is not json");
            assertTrue(client.next("error", 5_000).get("message").asText().contains("JSON"));
            client.send("{\"type\": \"launch-missiles\"}");
            assertTrue(client.next("error", 5_000).get("message").asText().contains("unknown message type"));
            client.send("[1, 2, 3]");
            client.next("error", 5_000);
            client.send("{\"type\": \"hello\", \"token\": \"wrong\"}");
            assertTrue(client.next("error", 5_000).get("message").asText().contains("token"));
            client.send("{\"type\": \"ping\"}");
            client.next("pong", 5_000);
            client.send("{\"type\": \"hello\", \"token\": \"" + RunningServer.TOKEN + "\"}");
            assertTrue(client.next("snapshot", 5_000).get("canControl").asBoolean(), "the token makes this page the presenter");
        }
    }

    @Test
    void oversizedMessagesCloseOnlyThatClient() throws Exception {
        try (LiveClient big = new LiveClient(server, null); LiveClient other = new LiveClient(server, null)) {
            big.next("snapshot", 10_000);
            other.next("snapshot", 10_000);
            big.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(LiveSocket.MAX_INBOUND_CHARS * 2) + "\"}");
            long deadline = System.currentTimeMillis() + 5_000;
            while (big.closeCode < 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1009, big.closeCode, "message too big");
            other.send("{\"type\": \"ping\"}");
            other.next("pong", 5_000);
        }
    }

    @Test
    void aForeignOriginCannotOpenTheSocket() {
        Exception e = assertThrows(Exception.class, () -> new LiveClient(server, "http://evil.example"));
        assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }
}
