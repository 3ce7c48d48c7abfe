package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * β and the learning rate changed while a run trains, and stepping while paused, over the control API: only
 * the presenter may, every bad value is a 400 naming its field, a step while running a 409; a step of one
 * batch moves the run by exactly one batch, a change applies from the next batch and is recorded in the run's
 * changes.jsonl, a step of one epoch ends that epoch and pauses at the next, and a resumed run starts from
 * the values its epochs ended with.
 */
class TuningApiTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    private static RunningServer.Reply patch(String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return server.request("PATCH", "/api/runs/current", body, all);
    }

    private static RunningServer.Reply asPresenter(String body) throws Exception {
        return patch(body, "Authorization", "Bearer " + RunningServer.TOKEN);
    }

    private static JsonNode status() throws Exception {
        return server.get("/api/status").body();
    }

    private static void awaitBatch(int epoch, int batch) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!(status().get("epoch").asInt() == epoch && status().get("batch").asInt() >= batch)) {
            assertTrue(System.currentTimeMillis() < deadline, "never at epoch " + epoch + " batch " + batch + ": " + status());
            Thread.sleep(20);
        }
    }

    @Test
    void changesAndStepsAreThePresentersAppliedFromTheNextBatchAndRecorded() throws Exception {
        assertEquals(409, asPresenter("{\"beta\": 2}").status(), "no run in progress");
        String runId = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 2560, \"seed\": 4}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        awaitBatch(1, 1); // the loop is in its first batch: a pause now holds it before the second
        RunningServer.Reply paused = server.control("/api/runs/current/pause", "");
        assertEquals(200, paused.status(), paused.raw());
        server.awaitState("paused", 30_000);
        int batch = status().get("batch").asInt();
        int epoch = status().get("epoch").asInt();

        // a viewer, a wrong token, bad values: refused, and nothing changes
        assertEquals(401, patch("{\"beta\": 4}").status());
        assertEquals(403, patch("{\"beta\": 4}", "Authorization", "Bearer not-the-token").status());
        assertEquals(401, server.request("POST", "/api/runs/current/step", "{\"unit\": \"batch\"}", "Content-Type", "application/json").status());
        for (String[] bad : List.of(new String[] {"{\"beta\": -1}", "beta"}, new String[] {"{\"learningRate\": 0}", "learningRate"},
                new String[] {"{\"beta\": \"NaN\"}", "beta"}, new String[] {"{\"beta\": 1e309}", "beta"},
                new String[] {"{\"epochs\": 3}", "epochs"}, new String[] {"{}", "beta"}, new String[] {"{\"beta\": 101}", "beta"})) {
            RunningServer.Reply refused = asPresenter(bad[0]);
            assertEquals(400, refused.status(), bad[0] + ": " + refused.raw());
            assertEquals(bad[1], refused.body().get("field").asText(), bad[0]);
        }
        RunningServer.Reply badUnit = server.control("/api/runs/current/step", "{\"unit\": \"week\"}");
        assertEquals(400, badUnit.status(), badUnit.raw());
        assertEquals("unit", badUnit.body().get("field").asText());
        assertEquals(epoch, status().get("epoch").asInt());
        assertEquals(batch, status().get("batch").asInt(), "nothing moved");

        // one batch
        assertEquals(202, server.control("/api/runs/current/step", "{\"unit\": \"batch\"}").status());
        awaitBatch(epoch, batch + 1);
        assertEquals("paused", status().get("state").asText(), "paused again after the step");
        assertEquals(batch + 1, status().get("batch").asInt(), "exactly one batch");

        // β from the next batch
        RunningServer.Reply tuned = asPresenter("{\"beta\": 4}");
        assertEquals(200, tuned.status(), tuned.raw());
        assertEquals(4.0, tuned.body().get("next").get("beta").asDouble());
        assertEquals(0.001, tuned.body().get("next").get("learningRate").asDouble());
        assertEquals(202, server.control("/api/runs/current/step", "{\"unit\": \"batch\"}").status());
        awaitBatch(epoch, batch + 2);
        assertEquals(batch + 2, status().get("batch").asInt(), "exactly one batch");
        Path changes = server.models.resolve(runId).resolve("changes.jsonl");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.exists(changes) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        JsonNode change = latentlab.json.Json.MAPPER.readTree(Files.readAllLines(changes).get(0));
        assertEquals(epoch, change.get("epoch").asInt());
        assertEquals(batch + 2, change.get("batch").asInt(), "applied from the batch after the request");
        assertEquals("beta", change.get("field").asText());
        assertEquals(1.0, change.get("from").asDouble());
        assertEquals(4.0, change.get("to").asDouble());

        // one epoch: it ends (its metrics land) and the run stands paused at the next
        assertEquals(202, server.control("/api/runs/current/step", "{\"unit\": \"epoch\"}").status());
        RunningServer.Reply twice = server.control("/api/runs/current/step", "{\"unit\": \"batch\"}");
        assertTrue(twice.status() == 409 || twice.status() == 202, twice.raw()); // 409 while the epoch steps
        long metricsDeadline = System.currentTimeMillis() + 60_000;
        while (server.get("/api/runs/" + runId).body().get("epochsDone").asInt() < 1) {
            assertTrue(System.currentTimeMillis() < metricsDeadline, "the stepped epoch never ended");
            Thread.sleep(50);
        }
        assertEquals("paused", status().get("state").asText());
        assertEquals(1, server.get("/api/runs/" + runId).body().get("changes").size());

        server.control("/api/runs/current/resume", "");
        RunningServer.Reply running = server.control("/api/runs/current/step", "{\"unit\": \"batch\"}");
        assertEquals(409, running.status(), "no step while running: " + running.raw());
        assertEquals("unit", running.body().get("field").asText());
        server.awaitState("idle", 120_000);

        // resumed for one more epoch: β is where the run left it
        assertEquals(202, server.control("/api/runs/" + runId + "/resume", "{\"epochs\": 3}").status());
        server.awaitState("running", 30_000);
        server.control("/api/runs/current/pause", "");
        RunningServer.Reply kept = asPresenter("{\"learningRate\": 0.001}");
        assertEquals(4.0, kept.body().get("next").get("beta").asDouble(), "kept on resume: " + kept.raw());
        server.control("/api/runs/current/stop", "");
        server.awaitState("idle", 120_000);
        assertTrue(Files.readAllLines(changes).get(0).contains("\"to\":4.0"), "the completed epochs' change stays in the file");
    }
}
