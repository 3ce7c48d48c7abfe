package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decode, encode and interpolate for scripts: real answers for good input, a 400 naming the field for bad. */
class ExploreApiTest {
    static RunningServer server;
    static String runId;

    @BeforeAll
    static void trainALittle() throws Exception {
        server = new RunningServer();
        assertEquals(409, server.post("/api/decode", "{\"z\":[0,0]}", null).status(), "nothing to explore before a run");
        runId = server.control("/api/runs", "{\"epochs\": 1, \"trainLimit\": 1500, \"seed\": 1}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
        long deadline = System.currentTimeMillis() + 30_000;
        while (server.get("/api/latent-map").status() != 200 || server.get("/api/latent-map").body().get("epoch").asInt() < 1) {
            assertTrue(System.currentTimeMillis() < deadline, "the latent map of epoch 1 appears");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> postBytes(String path, String body) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static java.awt.image.BufferedImage image(HttpResponse<byte[]> response) throws Exception {
        assertEquals(200, response.statusCode(), new String(response.body()));
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    @Test
    void decodesALatentCodeToADigit() throws Exception {
        var digit = image(postBytes("/api/decode", "{\"z\": [0.5, -1.0]}"));
        assertEquals(28, digit.getWidth());
        assertEquals(28, digit.getHeight());
        var other = image(postBytes("/api/decode", "{\"z\": [-2.5, 2.0]}"));
        boolean differs = false;
        for (int y = 0; y < 28 && !differs; y++) {
            for (int x = 0; x < 28 && !differs; x++) {
                differs = digit.getRGB(x, y) != other.getRGB(x, y);
            }
        }
        assertTrue(differs, "different codes draw different digits");
        assertEquals(200, postBytes("/api/decode?run=" + runId, "{\"z\": [0, 0]}").statusCode(), "a saved run by id");
    }

    @Test
    void encodesATestImageAPixelArrayAndADrawing() throws Exception {
        JsonNode byIndex = server.post("/api/encode", "{\"testIndex\": 7}", null).body();
        assertEquals(2, byIndex.get("mu").size());
        assertEquals(2, byIndex.get("logvar").size());
        String pixels = "[" + String.join(",", Collections.nCopies(784, "0.25")) + "]";
        assertEquals(2, server.post("/api/encode", "{\"pixels\": " + pixels + "}", null).body().get("mu").size());
        StringBuilder drawing = new StringBuilder("[");
        for (int i = 0; i < 56 * 56; i++) {
            int x = i % 56;
            drawing.append(i > 0 ? "," : "").append(x >= 25 && x <= 30 ? "1" : "0"); // a vertical stroke: a "1"
        }
        JsonNode drawn = server.post("/api/encode", "{\"drawing\": " + drawing + "], \"side\": 56}", null).body();
        assertEquals(784, drawn.get("pixels").size(), "the drawing comes back as MNIST-style pixels");
        assertEquals(2, drawn.get("mu").size());
    }

    @Test
    void interpolatesBetweenAThreeAndAnEight() throws Exception {
        HttpResponse<byte[]> response = postBytes("/api/interpolate",
                "{\"from\": {\"digit\": 3}, \"to\": {\"digit\": 8}, \"steps\": 10, \"spherical\": true}");
        var strip = image(response);
        assertEquals(10 * 28 + 9 * 2, strip.getWidth());
        assertEquals(28, strip.getHeight());
        JsonNode info = RunningServer.JSON.readTree(response.headers().firstValue("X-Interpolation").orElseThrow());
        assertEquals(3, info.get("from").get("label").asInt());
        assertEquals(8, info.get("to").get("label").asInt());
        assertEquals(200, postBytes("/api/interpolate", "{\"from\": {\"z\": [0,0]}, \"to\": {\"testIndex\": 1}}").statusCode());
    }

    @Test
    void theLatentMapHasEveryTestDigitAndTheManifoldGridRenders() throws Exception {
        JsonNode map = server.get("/api/latent-map").body();
        assertEquals(20_000, map.get("points").size());
        assertEquals(10_000, map.get("labels").size());
        assertEquals("raw", map.get("method").asText());
        var grid = image(server.http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/manifold?n=5")).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        assertEquals(5 * 28 + 4 * 2, grid.getWidth());
        assertEquals(400, server.get("/api/manifold?n=50").status());
        assertEquals(400, server.get("/api/manifold?n=x").status());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/decode|{\"z\": [1]}|z",
        "/api/decode|{\"z\": [1, 2, 3]}|z",
        "/api/decode|{\"z\": [11, 0]}|z",
        "/api/decode|{\"z\": [\"a\", 0]}|z",
        "/api/decode|{\"z\": [NaN, 0]}|body",
        "/api/decode|{\"zz\": [0, 0]}|z",
        "/api/decode|[0, 0]|body",
        "/api/decode?run=../../etc|{\"z\": [0, 0]}|run",
        "/api/encode|{\"testIndex\": 10000}|testIndex",
        "/api/encode|{\"testIndex\": -1}|testIndex",
        "/api/encode|{\"testIndex\": 2.5}|testIndex",
        "/api/encode|{\"pixels\": [0.5, 0.5]}|pixels",
        "/api/encode|{\"testIndex\": 1, \"digit\": 3}|body",
        "/api/encode|{}|body",
        "/api/encode|{\"digit\": 10}|digit",
        "/api/encode|{\"drawing\": [1], \"side\": 1}|side",
        "/api/interpolate|{\"to\": {\"digit\": 8}}|from",
        "/api/interpolate|{\"from\": {\"digit\": 3}, \"to\": {\"digit\": 8}, \"steps\": 1}|steps",
        "/api/interpolate|{\"from\": {\"digit\": 3}, \"to\": {\"digit\": 8}, \"steps\": 33}|steps",
        "/api/interpolate|{\"from\": {\"z\": [0]}, \"to\": {\"digit\": 8}}|from.z",
        "/api/interpolate|{\"from\": {\"digit\": 3}, \"to\": {\"pixels\": [2]}}|to.pixels",
        "/api/interpolate|{\"from\": {\"digit\": 3}, \"to\": {\"digit\": 8}, \"spherical\": 1}|spherical"})
    void badInputIsA400NamingTheField(String path, String body, String field) throws Exception {
        RunningServer.Reply reply = server.post(path, body, null);
        assertEquals(400, reply.status(), reply.raw());
        assertEquals(field, reply.body().get("field").asText(), reply.raw());
    }

    @Test
    void oversizedBodiesAndUnknownRunsAreRefused() throws Exception {
        String big = "{\"z\": [0, 0], \"pad\": \"" + "x".repeat(ExploreApi.MAX_BODY) + "\"}";
        assertEquals(400, server.post("/api/decode", big, null).status());
        assertEquals(404, server.post("/api/decode?run=no-such-run", "{\"z\": [0, 0]}", null).status());
        String pixels = "[" + String.join(",", Collections.nCopies(783, "0")) + ",1.5]";
        RunningServer.Reply reply = server.post("/api/encode", "{\"pixels\": " + pixels + "}", null);
        assertEquals(400, reply.status());
        assertTrue(reply.body().get("error").asText().contains("pixels[783]"), reply.raw());
    }
}
