package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a student with a laptop tried on the class's server (issue 15), each attack reproduced on loopback
 * and bounded: none of them may take the server from the others. The server has the default limits.
 */
class AttackTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    private static int port() {
        return server.server.port();
    }

    @Test
    void upgradeAttemptsLeaveNoSessionBehind() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            RawHttp.Answer refused = RawHttp.exchange(port(), null, RawHttp.upgrade(port(),
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: http://evil.example"), null);
            assertEquals(403, refused.status());
            assertNull(refused.header("Set-Cookie"), "no session cookie: " + refused.headers());
        }
        try (LiveClient viewer = new LiveClient(server, null)) {
            viewer.next("snapshot", 10_000);
        }
        assertEquals(200, server.get("/api/status").status());
        awaitTrue(() -> server.server.httpSessionsInMemory() == 0,
                () -> "sessions left in memory: " + server.server.httpSessionsInMemory());
    }

    @Test
    void malformedUpgradesAnswer400AndHoldNoSlot() throws Exception {
        int attempts = Limits.DEFAULT.connectionsPerAddress() + 10;
        for (int i = 0; i < attempts; i++) {
            RawHttp.Answer answer = RawHttp.exchange(port(), null, RawHttp.upgrade(port()), null); // no Sec-WebSocket-Key
            assertEquals(400, answer.status(), answer.body());
        }
        assertEquals(400, RawHttp.exchange(port(), null, RawHttp.upgrade(port(), "Sec-WebSocket-Key: c2hvcnQ="), null).status(),
                "a key that is not 16 bytes");
        try (LiveClient viewer = new LiveClient(server, null)) {
            assertEquals("snapshot", viewer.next("snapshot", 10_000).get("type").asText(),
                    "a real page still gets its socket: the malformed ones held no slot");
        }
    }

    @Test
    void trickledBodiesPinNoThreadAndAreCutOffAtTheDeadline() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                Socket socket = RawHttp.open(port(), null);
                socket.getOutputStream().write(("POST /api/decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            long started = System.nanoTime();
            RawHttp.Answer status = RawHttp.exchange(port(), null, "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1", null);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(200, status.status());
            assertTrue(millis < 2_000, "/api/status answered in " + millis + " ms beside 400 trickled bodies");
            Socket first = slow.get(0);
            first.setSoTimeout((int) LatentLabServer.BODY_DEADLINE_MILLIS + 10_000);
            RawHttp.Answer cut = RawHttp.read(first.getInputStream());
            assertEquals(408, cut.status(), cut.body());
            assertTrue(cut.body().contains("did not arrive"), cut.body());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        RunningServer.Reply whole = server.post("/api/decode", "{\"z\": [0, 0]}", null);
        assertTrue(whole.status() == 200 || whole.status() == 409, "a whole body is read as before: " + whole.raw());
    }

    @Test
    void theRateLimitCountsTheRouteHoweverItIsSpelt() throws Exception {
        int limited = 0;
        for (int i = 0; i < 100; i++) {
            if (server.post("/api/decode/", "{\"z\": [0, 0]}", null).status() == 429) {
                limited++;
            }
        }
        assertTrue(limited > 0, "/api/decode/ is /api/decode: limited " + limited + " of 100");
        awaitTrue(() -> server.post("/api/decode", "{\"z\": [0, 0]}", null).status() != 429, () -> "the limit refills");
    }

    @Test
    void everyAnswerCarriesTheProtectiveHeaders() throws Exception {
        for (String head : List.of("GET / HTTP/1.1", "GET /api/status HTTP/1.1", "GET /js/main.js HTTP/1.1",
                "GET /api/nowhere HTTP/1.1", "GET /api/runs/%zz HTTP/1.1", "GET /no-such-file.png HTTP/1.1")) {
            RawHttp.Answer answer = RawHttp.exchange(port(), null, head + "\r\nHost: 127.0.0.1:" + port(), null);
            String csp = answer.header("Content-Security-Policy");
            assertNotNull(csp, head + ": " + answer.headers());
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), head + ": " + csp);
            assertEquals("DENY", answer.header("X-Frame-Options"), head);
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), head);
            assertEquals("no-referrer", answer.header("Referrer-Policy"), head);
        }
    }

    @Test
    void foreignHostNamesAndMethodOverridesAreRefused() throws Exception {
        RawHttp.Answer rebound = RawHttp.exchange(port(), null, "GET /api/status HTTP/1.1\r\nHost: evil.example:" + port(), null);
        assertEquals(421, rebound.status(), rebound.body());
        assertTrue(rebound.body().contains("evil.example"), rebound.body());
        assertFalse(rebound.body().contains("\"state\""), "no state for a page under a foreign name");
        assertEquals(421, RawHttp.exchange(port(), null, RawHttp.upgrade(port(), "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
                .replace("Host: 127.0.0.1", "Host: evil.example"), null).status(), "nor a socket");
        for (String host : List.of("127.0.0.1:" + port(), "localhost:" + port(), "LOCALHOST.", "[::1]:" + port())) {
            assertEquals(200, RawHttp.exchange(port(), null, "GET /api/status HTTP/1.1\r\nHost: " + host, null).status(), host);
        }
        RawHttp.Answer overridden = RawHttp.exchange(port(), null, "GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + RunningServer.TOKEN + "\r\nX-HTTP-Method-Override: POST", null);
        assertEquals(400, overridden.status(), overridden.body());
        assertEquals("idle", server.get("/api/status").body().get("state").asText(), "no run was started");
    }

    @Test
    void onlyWrongPinsAreChargedAndAllAddressesTogetherAreLimited() throws Exception {
        String pin = "4829";
        try (RunningServer pinned = new RunningServer(s -> s.withPin(pin))) {
            int port = pinned.server.port();
            for (int i = 0; i < 3 * JoinGate.GUESSES_PER_MINUTE; i++) {
                assertEquals(200, join(port, "127.0.0.1", pin).status(), "a class behind one address, typing the right PIN: join " + i);
            }
            int wrongAnswered = 0;
            int refused = 0;
            for (int i = 0; i < JoinGate.WRONG_GUESSES_PER_HOUR + 40; i++) {
                String from = "127.0.0." + (2 + i / 5); // five guesses per address: under its own limit
                int status = join(port, from, String.format("%04d", i == 0 ? 1 : i)).status();
                if (status == 403) {
                    wrongAnswered++;
                } else {
                    assertEquals(429, status);
                    refused++;
                }
            }
            assertTrue(wrongAnswered <= JoinGate.WRONG_GUESSES_PER_HOUR + 1, "wrong guesses answered: " + wrongAnswered);
            assertTrue(refused >= 39, "guesses refused once the network's limit was spent: " + refused);
            RawHttp.Answer locked = join(port, "127.0.0.250", pin);
            assertEquals(429, locked.status(), "while the limit is spent the answer must not tell a right PIN from a wrong one");
            assertNotNull(locked.header("Retry-After"));
            String secret = pinned.server.joinUrl().replaceFirst(".*\\?join=", "");
            RawHttp.Answer scanned = RawHttp.exchange(port, "127.0.0.251", "POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json", "{\"link\": \"" + secret + "\"}");
            assertEquals(200, scanned.status(), "the QR code's join link still joins while the PIN's limits are spent: " + scanned.body());
            assertNotNull(scanned.header("Set-Cookie"));
            RawHttp.Answer madeUp = RawHttp.exchange(port, "127.0.0.251", "POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json", "{\"link\": \"x" + secret.substring(1) + "\"}");
            assertEquals(429, madeUp.status(), "a made-up join link is a guess, charged like a wrong PIN");
        }
    }

    @Test
    void answersNameFilesRelativeToModelsNeverWhereTheServerKeepsThem() throws Exception {
        latentlab.train.RunDirectory run = latentlab.train.RunDirectory.create(server.models, latentlab.train.Hyperparameters.defaults());
        String where = server.models.toAbsolutePath().toString();
        java.io.IOException full = new java.io.IOException(where + "/" + run.id() + "/checkpoints/epoch-0001.ckpt.tmp: No space left on device");
        String outcome = new latentlab.train.RunEnd(run.id(), false, full, server.models).outcome();
        assertEquals("failed: models/" + run.id() + "/checkpoints/epoch-0001.ckpt.tmp: No space left on device", outcome);
        run.writeOutcome("failed: " + full.getMessage()); // as a version that did not hide paths wrote it
        for (String path : List.of("/api/runs/" + run.id(), "/api/runs", "/api/runs/no-such-run", "/api/runs/no-such-run/metrics.csv")) {
            RunningServer.Reply reply = server.get(path);
            assertFalse(reply.raw().contains(where) || reply.raw().contains(server.models.getParent().toString()), path + ": " + reply.raw());
        }
        assertTrue(server.get("/api/runs/" + run.id()).raw().contains("models/" + run.id() + "/checkpoints"),
                "the file is still named, relative to models/");
    }

    @Test
    void aFloodOfGridsIsRefusedBusyWhileStatusKeepsAnswering() throws Exception {
        RunningServer.Reply started = server.control("/api/runs", "{\"epochs\": 1, \"trainLimit\": 1024, \"seed\": 5}");
        assertEquals(202, started.status(), started.raw());
        awaitTrue(() -> server.get("/api/status").body().get("state").asText().equals("idle")
                && server.server.explorer().latent() == 2, () -> "a model to explore");
        byte[] first = server.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/api/manifold?n=12")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        java.util.concurrent.ExecutorService flood = java.util.concurrent.Executors.newFixedThreadPool(64);
        List<java.util.concurrent.Future<RawHttp.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            int side = 13 + i % 18; // sides 13-30: each a picture not drawn yet
            String from = "127.0.1." + (1 + i % 64);
            answers.add(flood.submit(() -> RawHttp.exchange(port(), from, "GET /api/manifold?n=" + side + " HTTP/1.1\r\nHost: 127.0.0.1", null)));
        }
        long slowestStatusMillis = 0;
        while (answers.stream().anyMatch(f -> !f.isDone())) {
            long t = System.nanoTime();
            assertEquals(200, server.get("/api/status").status());
            slowestStatusMillis = Math.max(slowestStatusMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        }
        flood.shutdown();
        int busy = 0;
        for (var answer : answers) {
            RawHttp.Answer a = answer.get();
            assertTrue(a.status() == 200 || a.status() == 503, a.status() + " " + a.body());
            if (a.status() == 503) {
                busy++;
                assertNotNull(a.header("Retry-After"), a.headers().toString());
            }
        }
        assertTrue(busy > 0, "a flood beyond the explorer's queue is answered 503 at once, not queued");
        assertTrue(slowestStatusMillis < 1_000, "/api/status took up to " + slowestStatusMillis + " ms during the flood");
        byte[] again = server.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/api/manifold?n=12")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        assertTrue(java.util.Arrays.equals(first, again), "one epoch's grid is one picture");
    }

    @Test
    void thePresenterCookieWorksOnlyFromThisServersOwnPages() throws Exception {
        String link = server.server.presenterUrl();
        RawHttp.Answer opened = RawHttp.exchange(port(), null, "GET " + link.substring(server.base().length()) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port(), null);
        assertEquals(303, opened.status(), opened.body());
        assertEquals("/", opened.header("Location"));
        String setCookie = opened.header("Set-Cookie");
        assertTrue(setCookie.startsWith(PresenterToken.COOKIE + "=") && setCookie.contains("HttpOnly")
                && setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains(RunningServer.TOKEN), "the cookie is a pass, not the token");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String own = "http://127.0.0.1:" + port();
        assertEquals(200, server.request("GET", "/api/share", null, "Cookie", cookie, "Origin", own).status(), "from the dashboard");
        assertEquals(200, server.request("GET", "/api/share", null, "Cookie", cookie).status(), "without an Origin (not a browser's cross-site request)");
        RunningServer.Reply otherPort = server.request("POST", "/api/runs", "{}", "Cookie", cookie, "Origin", "http://127.0.0.1:1",
                "Content-Type", "application/json");
        assertEquals(403, otherPort.status(), "a page on another port of this host: same site, so the cookie goes; refused: " + otherPort.raw());
        assertEquals("idle", server.get("/api/status").body().get("state").asText());
        assertEquals(403, RawHttp.exchange(port(), null, "GET " + link.substring(server.base().length()) + " HTTP/1.1\r\nHost: 127.0.0.1", null).status(),
                "a link used once is spent");
    }

    private static RawHttp.Answer join(int port, String from, String pin) throws IOException {
        return RawHttp.exchange(port, from, "POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json",
                "{\"pin\": \"" + pin + "\"}");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check condition, java.util.function.Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a loaded CI machine trains slowly
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get());
            }
            Thread.sleep(50);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
