package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The control API against a running server: bad inputs, missing token, wrong state, and a whole run. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlApiTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    @Test
    @Order(1)
    void statusStartsIdleOnTheCpu() throws Exception {
        JsonNode status = server.get("/api/status").body();
        assertEquals("idle", status.get("state").asText());
        assertTrue(status.get("runId").isNull());
        assertTrue(status.get("device").asText().startsWith("CPU"));
    }

    @Test
    @Order(1)
    void theHyperparametersAreDescribedOnceForTheFormAndForScripts() throws Exception {
        JsonNode spec = server.get("/api/hyperparameters").body();
        assertEquals(9, spec.size());
        JsonNode epochs = spec.get(0);
        assertEquals("epochs", epochs.get("name").asText());
        assertEquals("integer", epochs.get("type").asText());
        assertEquals(1, epochs.get("min").asInt());
        assertEquals(1000, epochs.get("max").asInt());
        assertEquals(10, epochs.get("defaultValue").asInt());
        JsonNode rate = spec.get(2);
        assertEquals("learningRate", rate.get("name").asText());
        assertTrue(rate.get("minExclusive").asBoolean(), "the learning rate must be above 0");
        assertEquals("boolean", spec.get(8).get("type").asText());
    }

    @Test
    @Order(2)
    void withoutTheTokenNothingChanges() throws Exception {
        assertEquals(401, server.post("/api/runs", "{}", null).status());
        assertEquals(403, server.post("/api/runs", "{}", "guess").status());
        assertEquals(401, server.post("/api/runs/current/stop", "", null).status());
        assertEquals(403, server.post("/api/runs/current/pause", "", "x" + RunningServer.TOKEN).status());
        assertEquals(401, server.post("/api/runs/any-run/resume", "", null).status());
        assertEquals("idle", server.get("/api/status").body().get("state").asText());
        try (var runs = Files.list(server.models)) {
            assertEquals(0, runs.filter(Files::isDirectory).count(), "no run folder was created");
        }
    }

    @ParameterizedTest(name = "{0}")
    @Order(3)
    @CsvSource(delimiter = '|', value = {
        "{\"epochs\": 0}|epochs", "{\"epochs\": \"ten\"}|epochs", "{\"batchSize\": 5000}|batchSize",
        "{\"learningRate\": 0}|learningRate", "{\"learningRate\": 1.5}|learningRate", "{\"latentDim\": 65}|latentDim",
        "{\"beta\": -0.1}|beta", "{\"warmupEpochs\": -1}|warmupEpochs", "{\"seed\": 0.5}|seed",
        "{\"trainLimit\": 70000}|trainLimit", "{\"exact\": \"no\"}|exact", "{\"lr\": 0.1}|lr",
        "{\"epochs\": |body", "[]|body", "\"hello\"|body"})
    void badHyperparametersAre400NamingTheField(String body, String field) throws Exception {
        RunningServer.Reply reply = server.control("/api/runs", body);
        assertEquals(400, reply.status(), reply.raw());
        assertEquals(field, reply.body().get("field").asText(), reply.raw());
        assertTrue(reply.body().get("error").asText().contains(field), reply.raw());
        assertEquals("idle", server.get("/api/status").body().get("state").asText());
    }

    @Test
    @Order(4)
    void controllingWithoutARunIsAConflict() throws Exception {
        for (String action : new String[] {"pause", "resume", "stop"}) {
            assertEquals(409, server.control("/api/runs/current/" + action, "").status(), action);
        }
    }

    @Test
    @Order(5)
    void unknownAndOutsideRunIdsAreRefused() throws Exception {
        assertEquals(404, server.get("/api/runs/no-such-run").status());
        assertEquals(400, server.get("/api/runs/..%2F..%2Fetc").status());
        assertEquals(400, server.get("/api/runs/.hidden").status());
        assertEquals(404, server.control("/api/runs/no-such-run/resume", "").status());
    }

    @Test
    @Order(6)
    void aRunStartsPausesResumesStopsAndIsListed() throws Exception {
        RunningServer.Reply started = server.control("/api/runs", "{\"epochs\": 5, \"trainLimit\": 3000, \"seed\": 4}");
        assertEquals(202, started.status(), started.raw());
        String id = started.body().get("runId").asText();
        assertEquals(409, server.control("/api/runs", "{}").status(), "one run at a time");
        server.awaitState("running", 30_000);

        JsonNode paused = server.control("/api/runs/current/pause", "").body();
        assertEquals("paused", paused.get("state").asText());
        assertEquals("paused", server.control("/api/runs/current/pause", "").body().get("state").asText(), "idempotent");
        int batch = server.get("/api/status").body().get("batch").asInt();
        assertEquals(paused.get("batch").asInt(), batch, "the batch it paused at");
        // the positive event: the resume answers the batch the loop stood at when it resumed
        JsonNode resumedAt = server.control("/api/runs/current/resume", "").body();
        assertEquals("running", resumedAt.get("state").asText());
        assertEquals(batch, resumedAt.get("batch").asInt(), "no batch runs while paused");
        JsonNode status = server.get("/api/status").body();
        assertEquals(id, status.get("runId").asText());
        assertEquals(4, status.get("hyperparameters").get("seed").asInt());

        awaitEpochs(id, 1);
        assertEquals(200, server.control("/api/runs/current/stop", "").status());
        server.control("/api/runs/current/stop", "");
        server.awaitState("idle", 60_000);

        JsonNode run = server.get("/api/runs/" + id).body();
        int done = run.get("epochsDone").asInt();
        assertTrue(done >= 1 && done < 5, "stopped part-way with its finished epochs kept: " + done);
        assertEquals(done, run.get("metrics").size());
        JsonNode list = server.get("/api/runs").body();
        assertEquals(id, list.get(0).get("id").asText());
        RunningServer.Reply png = server.get("/api/runs/" + id + "/images/1/samples.png");
        assertEquals(200, png.status());
        assertEquals(404, server.get("/api/runs/" + id + "/images/99/samples.png").status());
        assertEquals(404, server.get("/api/runs/" + id + "/images/1/secret.txt").status());

        assertEquals(400, server.control("/api/runs/" + id + "/resume", "{\"lr\": 1}").status());
        assertEquals(400, server.control("/api/runs/" + id + "/resume", "{\"epochs\": 0}").status());
        RunningServer.Reply resumed = server.control("/api/runs/" + id + "/resume", "{\"epochs\": " + (done + 1) + "}");
        assertEquals(202, resumed.status(), resumed.raw());
        awaitEpochs(id, done + 1);
        server.awaitState("idle", 60_000);
        assertEquals(done + 1, server.get("/api/runs/" + id).body().get("epochsDone").asInt());
        assertEquals(409, server.control("/api/runs/" + id + "/resume", "").status(), "a finished run has nothing left");
    }

    private static void awaitEpochs(String id, int epochs) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (server.get("/api/runs/" + id).body().get("epochsDone").asInt() < epochs) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("epoch " + epochs + " never finished");
            }
            Thread.sleep(100);
        }
    }
}
