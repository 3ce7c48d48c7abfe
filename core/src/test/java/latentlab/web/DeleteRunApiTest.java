package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE /api/runs/{id}: the presenter's only; never the run training now; bad and traversal ids refused;
 * the folder goes whole and nothing outside it (a link inside points out: its target stays); the pages that
 * showed it move to the newest run left, and the runs list no longer has it.
 */
class DeleteRunApiTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    @TempDir
    Path outside;

    private static RunningServer.Reply delete(String id, String... headers) throws Exception {
        return server.request("DELETE", "/api/runs/" + id, null, headers);
    }

    private static RunningServer.Reply asPresenter(String id) throws Exception {
        return delete(id, "Authorization", "Bearer " + RunningServer.TOKEN);
    }

    @Test
    void onlyThePresenterDeletesNeverTheRunningOneAndNothingOutside() throws Exception {
        String older = server.control("/api/runs", "{\"epochs\": 1, \"trainLimit\": 512, \"seed\": 1}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
        // ids are the start time to the second, then the seed: seed 2 sorts as the newer even within one second
        String newer = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 512, \"seed\": 2}").body().get("runId").asText();
        server.awaitState("running", 30_000);

        RunningServer.Reply busy = asPresenter(newer);
        assertEquals(409, busy.status(), "the running run: " + busy.raw());
        assertEquals(401, delete(older).status(), "a viewer");
        assertEquals(403, delete(older, "Authorization", "Bearer wrong-token-123").status());
        for (String bad : new String[] {"..", "%2e%2e", "..%2fetc", "-x", "a%00b"}) {
            int status = asPresenter(bad).status();
            assertTrue(status == 400 || status == 404, bad + ": " + status);
        }
        assertEquals(404, asPresenter("20990101-000000-seed9").status());
        server.awaitState("idle", 120_000);

        Path precious = Files.writeString(outside.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(server.models.resolve(newer).resolve("link-out"), precious);
        Files.createSymbolicLink(server.models.resolve(newer).resolve("dir-out"), outside);
        try (LiveClient page = new LiveClient("ws://127.0.0.1:" + server.server.port() + "/ws", null)) {
            assertEquals(newer, page.next("snapshot", 10_000).get("runId").asText());
            RunningServer.Reply gone = asPresenter(newer);
            assertEquals(200, gone.status(), gone.raw());
            assertEquals(newer, gone.body().get("deleted").asText());
            JsonNode moved = page.next("snapshot", 10_000);
            assertEquals(older, moved.get("runId").asText(), "the page shows the newest run left");
            assertEquals(1, moved.get("history").size());
        }
        assertFalse(Files.exists(server.models.resolve(newer)));
        assertEquals("keep me", Files.readString(precious), "a link's target outside the run stays");
        assertTrue(Files.exists(outside), "a linked folder outside stays");
        JsonNode runs = server.get("/api/runs").body();
        assertEquals(1, runs.size());
        assertEquals(older, runs.get(0).get("id").asText());
        assertEquals(404, server.get("/api/runs/" + newer).status());

        assertEquals(200, asPresenter(older).status());
        try (LiveClient page = new LiveClient("ws://127.0.0.1:" + server.server.port() + "/ws", null)) {
            assertTrue(page.next("snapshot", 10_000).get("runId").isNull(), "nothing left to show");
        }
    }
}
