package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import latentlab.json.Json;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.ModelsInUseException;
import latentlab.train.RunDirectory;
import org.junit.jupiter.api.Test;

/**
 * Bad luck on disk: runs whose files were cut short or hold bad bytes never stop the server from
 * starting; each is named with its file, marked damaged, and served as far as its files allow. And one
 * models folder serves one Latent Lab at a time.
 */
class DamagedRunsTest {
    @Test
    void damagedRunsAreNamedMarkedAndServedAsFarAsTheyCanBe() throws Exception {
        Path models = Files.createDirectories(Files.createTempDirectory("latent-lab").resolve("models"));
        RunDirectory good = run(models, "20260101-000000-seed1", 2);
        RunDirectory badByte = run(models, "20260102-000000-seed1", 3);
        byte[] metrics = Files.readAllBytes(badByte.path().resolve("metrics.jsonl"));
        metrics[10] = (byte) 0xC3; // a lone lead byte: not UTF-8 ("Input length = 1" stopped the start)
        metrics[11] = (byte) 0x28;
        Files.write(badByte.path().resolve("metrics.jsonl"), metrics);
        RunDirectory empty = run(models, "20260103-000000-seed1", 1);
        Files.write(empty.path().resolve("config.json"), new byte[0]);
        RunDirectory truncated = run(models, "20260104-000000-seed1", 1);
        byte[] config = Files.readAllBytes(truncated.path().resolve("config.json"));
        Files.write(truncated.path().resolve("config.json"), java.util.Arrays.copyOf(config, config.length / 2));

        try (RunningServer server = new RunningServer(models)) {
            JsonNode status;
            try (LiveClient page = new LiveClient(server, null)) {
                status = page.next("snapshot", 10_000);
            }
            assertEquals(badByte.id(), status.path("runId").asText(),
                    "the newest run whose settings read is shown: " + status);
            Map<String, JsonNode> listed = new HashMap<>();
            server.get("/api/runs").body().forEach(r -> listed.put(r.get("id").asText(), r));
            assertEquals(4, listed.size(), "every run is listed, the damaged ones too: " + listed.keySet());
            assertTrue(listed.get(truncated.id()).get("damaged").asText().contains("config.json is not valid JSON"), listed.get(truncated.id()).toString());
            assertTrue(listed.get(empty.id()).get("damaged").asText().contains("config.json is empty"), listed.get(empty.id()).toString());
            assertTrue(listed.get(badByte.id()).get("damaged").asText().contains("metrics.jsonl line 1"), listed.get(badByte.id()).toString());
            assertTrue(listed.get(good.id()).get("damaged").isNull());
            assertEquals(2, listed.get(good.id()).get("epochsDone").asInt());
            for (RunDirectory run : List.of(good, badByte, empty, truncated)) {
                assertEquals(200, server.get("/api/runs/" + run.id()).status(), run.id());
                assertEquals(200, server.get("/api/runs/" + run.id() + "/metrics.csv").status(), run.id());
                int gif = server.get("/api/runs/" + run.id() + "/replay.gif").status();
                assertEquals(404, gif, run.id() + ": no pictures saved, said as such (not a 500)");
            }
            ModelsInUseException second = assertThrows(ModelsInUseException.class, () -> new RunningServer(models));
            assertTrue(second.getMessage().contains("in use by another Latent Lab") && second.getMessage().contains("--models"),
                    second.getMessage());
        }
        new RunningServer(models).close(); // the first one's lock went with it
    }

    private static RunDirectory run(Path models, String id, int epochs) throws Exception {
        Path dir = Files.createDirectories(models.resolve(id));
        Files.write(dir.resolve("config.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(Hyperparameters.defaults().withEpochs(epochs + 2)));
        RunDirectory run = RunDirectory.open(models, id);
        for (int e = 1; e <= epochs; e++) {
            run.appendMetrics(new EpochMetrics(e, 180 - e, 5, 175 - e, 5.2, List.of(2.5, 2.7), 2, 8, false, 20, 3000));
        }
        Files.writeString(dir.resolve("outcome.txt"), "stopped", StandardCharsets.UTF_8);
        return run;
    }
}
