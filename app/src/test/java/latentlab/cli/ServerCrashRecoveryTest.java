package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import latentlab.RealMnist;
import latentlab.web.LiveClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server process killed with SIGKILL in the middle of an epoch (no shutdown hook runs): the
 * restarted server shows the run's history and pictures to a fresh WebSocket client, calls it
 * interrupted, and the presenter resumes it to the end with every completed epoch's figures unchanged.
 */
class ServerCrashRecoveryTest {
    private static final String TOKEN = "crash-test-token";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    @TempDir
    Path models;
    private final List<Process> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killServers() {
        servers.forEach(Process::destroyForcibly);
    }

    @Test
    void killNineMidEpochRestartShowsHistoryAndResumesLosingNoCompletedEpoch() throws Exception {
        RealMnist.get();
        int port = freePort();
        Process first = serve(port);
        HttpResponse<String> started = post(port, "/api/runs", "{\"epochs\": 3, \"trainLimit\": 3072, \"seed\": 21}");
        assertEquals(202, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).get("runId").asText();
        Path metrics = models.resolve(runId).resolve("metrics.jsonl");
        waitFor(() -> lines(metrics) >= 1, first);
        waitFor(() -> { // a few batches into epoch 2, as the server itself says
            JsonNode status = JSON.readTree(get(port, "/api/status").body());
            return status.get("epoch").asInt() == 2 && status.get("batch").asInt() >= 3;
        }, first);
        first.destroyForcibly().waitFor();
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        List<String> before = Files.readAllLines(metrics).stream().filter(l -> !l.isBlank()).toList();
        assertTrue(before.size() >= 1 && before.size() < 3, "killed mid-run, after " + before.size() + " epochs");

        serve(port);
        JsonNode snapshot;
        try (LiveClient viewer = new LiveClient("ws://127.0.0.1:" + port + "/ws", null)) {
            snapshot = viewer.next("snapshot", 10_000);
        }
        assertEquals(runId, snapshot.get("runId").asText());
        assertEquals("idle", snapshot.get("state").asText());
        assertEquals("interrupted", snapshot.get("outcome").asText());
        assertEquals(before.size(), snapshot.get("history").size());
        assertEquals(before.size(), snapshot.get("images").get("epoch").asInt(), "the last epoch's pictures are shown");
        String samples = snapshot.get("images").get("samples").asText();
        assertEquals("/api/runs/" + runId + "/images/" + before.size() + "/samples.png", samples);
        assertEquals(200, get(port, samples).statusCode());

        HttpResponse<String> resumed = post(port, "/api/runs/" + runId + "/resume", "");
        assertEquals(202, resumed.statusCode(), resumed.body());
        long deadline = System.currentTimeMillis() + 300_000;
        JsonNode run;
        do {
            Thread.sleep(200);
            run = JSON.readTree(get(port, "/api/runs/" + runId).body());
            assertTrue(System.currentTimeMillis() < deadline, "resumed run never finished: " + run);
        } while (run.get("active").asBoolean() || run.get("epochsDone").asInt() < 3);
        List<String> after = Files.readAllLines(metrics).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(3, after.size());
        assertEquals(before, after.subList(0, before.size()), "completed epochs are kept exactly as they were");
        for (int e = 1; e <= 3; e++) {
            assertEquals(e, JSON.readTree(after.get(e - 1)).get("epoch").asInt());
        }
        assertEquals("completed", Files.readString(models.resolve(runId).resolve("outcome.txt")).trim());
        assertFalse(run.get("active").asBoolean());
        assertNotNull(run.get("metrics"));
    }

    private Process serve(int port) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", classpath(), "latentlab.Main", "serve", "--port", String.valueOf(port), "--token", TOKEN,
                "--models", models.toString(), "--data", RealMnist.DIR.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process process = builder.start();
        servers.add(process);
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process died; the wait below reports it
            }
        });
        reader.setDaemon(true);
        reader.start();
        waitFor(() -> output.stream().anyMatch(l -> l.startsWith("Latent Lab is running")), process);
        return process;
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!condition.call()) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited early (" + process.exitValue() + ")");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static int lines(Path file) {
        try (Stream<String> all = Files.lines(file)) {
            return (int) all.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
