package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import latentlab.live.LiveMessage;
import org.junit.jupiter.api.Test;

/**
 * Sharing with a class safely: the join PIN gates data and the socket, the presenter token never
 * reaches a viewer, and per-client caps (requests, messages, connections) hold; a stuck browser is cut
 * off while everyone else keeps receiving.
 */
class ClassroomAccessTest {
    private static final String PIN = "482913";

    @Test
    void withAPinOnlyJoinedBrowsersSeeTheClassAndGuessingIsLimited() throws Exception {
        try (RunningServer server = new RunningServer(s -> s.withPin(PIN))) {
            JsonNode access = server.get("/api/access").body();
            assertTrue(access.get("pinRequired").asBoolean());
            assertFalse(access.get("joined").asBoolean());
            RunningServer.Reply locked = server.get("/api/status");
            assertEquals(401, locked.status());
            assertEquals("pin", locked.body().get("field").asText());
            assertEquals(401, server.get("/api/runs").status());
            assertEquals(401, server.post("/api/decode", "{\"z\": [0, 0]}", null).status());
            assertEquals(200, server.get("/").status(), "the page itself loads, to ask for the PIN");
            assertEquals(401, handshakeStatus(server, null), "no socket without the PIN");

            RunningServer.Reply wrong = server.post("/api/join", "{\"pin\": \"111111\"}", null);
            assertEquals(403, wrong.status());
            assertEquals("pin", wrong.body().get("field").asText());
            assertEquals(400, server.post("/api/join", "{\"pin\": {}}", null).status());
            assertEquals(400, server.post("/api/join", "not json", null).status());

            HttpResponse<String> joined = server.http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(server.base() + "/api/join")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"pin\": \"" + PIN + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, joined.statusCode(), joined.body());
            String setCookie = joined.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.startsWith(JoinGate.COOKIE + "="), setCookie);
            assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
            assertFalse(setCookie.contains(PIN) || setCookie.contains(RunningServer.TOKEN), "the cookie is a pass, not a secret");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            assertEquals(200, server.request("GET", "/api/status", null, "Cookie", cookie).status());
            assertTrue(server.request("GET", "/api/access", null, "Cookie", cookie).body().get("joined").asBoolean());
            assertEquals(200, server.request("GET", "/api/status", null, "Authorization", "Bearer " + RunningServer.TOKEN).status(),
                    "the presenter's token also opens the gate");
            assertEquals(101, handshakeStatus(server, cookie));
            assertEquals(401, handshakeStatus(server, JoinGate.COOKIE + "=forged"));

            RunningServer.Reply viewerShare = server.request("GET", "/api/share", null, "Cookie", cookie);
            assertEquals(401, viewerShare.status(), "the share panel is the presenter's");
            RunningServer.Reply share = server.request("GET", "/api/share", null, "Authorization", "Bearer " + RunningServer.TOKEN);
            assertEquals(200, share.status());
            assertEquals(PIN, share.body().get("pin").asText());
            String joinUrl = share.body().get("joinUrl").asText();
            assertTrue(joinUrl.contains("/?join=") && !joinUrl.contains("pin="), "the QR code carries the join link's secret, not the PIN: " + joinUrl);
            assertTrue(share.body().get("qrSvg").asText().startsWith("<svg"));
            assertFalse(share.raw().contains(RunningServer.TOKEN), "the token appears nowhere a class sees");
            assertFalse(server.server.viewerUrl().contains(RunningServer.TOKEN));
            assertFalse(server.server.joinUrl().contains(RunningServer.TOKEN));

            int limited = 0;
            String retryAfter = null;
            for (int i = 0; i < 2 * JoinGate.GUESSES_PER_MINUTE; i++) {
                HttpResponse<String> guess = server.http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create(server.base() + "/api/join")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"pin\": \"" + (100000 + i) + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (guess.statusCode() == 429) {
                    limited++;
                    retryAfter = guess.headers().firstValue("Retry-After").orElse(null);
                } else {
                    assertEquals(403, guess.statusCode());
                }
            }
            assertTrue(limited >= JoinGate.GUESSES_PER_MINUTE - 2, "guesses were limited: " + limited);
            assertNotNull(retryAfter);
        }
    }

    @Test
    void capsOnConnectionsMessagesAndRequestsHoldPerClient() throws Exception {
        try (RunningServer server = new RunningServer(s -> s.withLimits(new Limits(5, 10, 3, 100)))) {
            List<LiveClient> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                open.add(new LiveClient(server, null));
            }
            awaitTrue(() -> server.server.hub().clientCount() == 3, "the server has counted the three pages");
            assertEquals(429, handshakeStatus(server, null), "a fourth page from one address is refused");
            open.remove(0).socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            awaitTrue(() -> handshakeStatus(server, null) == 101, "a place frees up when a page closes");

            LiveClient flooder = open.get(0);
            flooder.next("snapshot", 5_000);
            for (int i = 0; i < 200; i++) {
                flooder.send("{\"type\":\"ping\"}");
            }
            // the positive event: one message after the flood gets through once the bucket refills (10/s),
            // and a connection's answers come in order, so every pong the flood earned is in before it
            String probe = "nothing to explore yet";
            long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (flooder.all.stream().noneMatch(r -> r.message().path("message").asText().startsWith(probe))) {
                assertTrue(System.nanoTime() < probeDeadline, "a message after the flood is answered");
                flooder.send("{\"type\":\"decode\",\"id\":1,\"z\":[0,0]}");
                Thread.sleep(150);
            }
            long pongs = flooder.all.stream().filter(r -> r.message().path("type").asText().equals("pong")).count();
            long warnings = flooder.all.stream().filter(r -> r.message().path("message").asText().startsWith("too many messages")).count();
            assertTrue(pongs >= 20 && pongs < 60, "about a burst of 20 plus 10/s answered, got " + pongs);
            assertTrue(warnings >= 1 && warnings <= 3, "told to slow down once a second, got " + warnings);
            Thread.sleep(1_000);
            flooder.send("{\"type\":\"ping\"}");
            flooder.next("pong", 5_000);
            assertEquals(-1, flooder.closeCode, "a flooder's extra messages are dropped; its page stays up");

            int refused = 0;
            for (int i = 0; i < 30; i++) {
                RunningServer.Reply reply = server.get("/api/latent-map");
                if (reply.status() == 429) {
                    refused++;
                    assertTrue(reply.body().get("error").asText().contains("at most 5 per second"), reply.raw());
                }
            }
            assertTrue(refused >= 15, "requests over 5/s (bursts of 10) are refused: " + refused);
            assertEquals(200, server.get("/api/status").status(), "cheap reads are not counted");
            Thread.sleep(1_100);
            assertTrue(server.get("/api/latent-map").status() != 429, "the limit refills");
            open.forEach(LiveClient::close);
        }
    }

    @Test
    void aStuckBrowserIsCutOffWhileTheOthersReceiveEverything() throws Exception {
        try (RunningServer server = new RunningServer(); LiveClient healthy = new LiveClient(server, null);
             Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4_096);
            stuck.connect(new java.net.InetSocketAddress("127.0.0.1", server.server.port()), 5_000);
            handshakeAndNeverRead(stuck);
            healthy.next("snapshot", 5_000);
            awaitTrue(() -> server.server.hub().clientCount() == 2, "both pages connected");
            String filler = "x".repeat(64 * 1024);
            int messages = 200;
            for (int i = 0; i < messages; i++) { // 12.8 MB: far more than the stuck page's socket buffers hold
                server.server.hub().broadcast(new LiveMessage.Error(i + " " + filler), false);
                assertEquals(i, number(healthy.next("error", 5_000)), "in order, none missing, no waiting");
            }
            awaitTrue(() -> server.server.hub().clientCount() == 1, "the stuck page was dropped");
            server.server.hub().broadcast(new LiveMessage.Error("-1"), false);
            assertEquals(-1, number(healthy.next("error", 5_000)), "the healthy page still receives");
            assertEquals(-1, healthy.closeCode);
        }
    }

    /** The number a bulk message starts with. */
    private static int number(JsonNode message) {
        return Integer.parseInt(message.get("message").asText().split(" ")[0]);
    }

    /** The status the server answers a WebSocket upgrade with (101 when it opens). */
    private static int handshakeStatus(RunningServer server, String cookie) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(5_000);
            String response = handshake(socket, cookie);
            int status = Integer.parseInt(response.split(" ")[1]);
            return status;
        }
    }

    private static void handshakeAndNeverRead(Socket socket) throws Exception {
        String response = handshake(socket, null);
        assertTrue(response.startsWith("HTTP/1.1 101"), response);
    }

    private static String handshake(Socket socket, String cookie) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + socket.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }
}
