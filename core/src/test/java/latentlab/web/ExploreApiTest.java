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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decode, encode, interpolate and export for scripts, and slider decoding over the socket: real answers
 * for good input, a 400 naming the field for bad.
 */
class ExploreApiTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);
    static String runId;

    @BeforeAll
    static void trainALittle() throws Exception {
        assertEquals(409, server.post("/api/decode", "{\"z\":[0,0]}", null).status(), "nothing to explore before a run");
        runId = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 1500, \"seed\": 1}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
        long deadline = System.currentTimeMillis() + 30_000;
        while (server.get("/api/latent-map").status() != 200 || server.get("/api/latent-map").body().get("epoch").asInt() < 2) {
            assertTrue(System.currentTimeMillis() < deadline, "the latent map of epoch 2 appears");
            Thread.sleep(100);
        }
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
        String big = "{\"z\": [0, 0], \"pad\": \"" + "x".repeat(Http.MAX_BODY) + "\"}";
        assertEquals(400, server.post("/api/decode", big, null).status());
        assertEquals(404, server.post("/api/decode?run=no-such-run", "{\"z\": [0, 0]}", null).status());
        String pixels = "[" + String.join(",", Collections.nCopies(783, "0")) + ",1.5]";
        RunningServer.Reply reply = server.post("/api/encode", "{\"pixels\": " + pixels + "}", null);
        assertEquals(400, reply.status());
        assertTrue(reply.body().get("error").asText().contains("pixels[783]"), reply.raw());
    }

    private static HttpResponse<byte[]> getBytes(String path) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The frames of a GIF and each frame's delay in ms, read back with the JDK's GIF reader. */
    private static java.util.List<int[]> gifFrames(byte[] gif, java.util.List<java.awt.image.BufferedImage> images) throws Exception {
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
        java.util.List<int[]> delays = new java.util.ArrayList<>();
        for (int i = 0; i < reader.getNumImages(true); i++) {
            images.add(reader.read(i));
            var tree = (javax.imageio.metadata.IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
            var control = (javax.imageio.metadata.IIOMetadataNode) tree.getElementsByTagName("GraphicControlExtension").item(0);
            boolean loops = tree.getElementsByTagName("ApplicationExtension").getLength() > 0;
            delays.add(new int[] {Integer.parseInt(control.getAttribute("delayTime")) * 10, loops ? 1 : 0});
        }
        return delays;
    }

    @Test
    void theMetricsExportAsCsvOneRowPerEpoch() throws Exception {
        HttpResponse<byte[]> response = getBytes("/api/runs/" + runId + "/metrics.csv");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains(runId + "-metrics.csv"));
        var records = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
        var rows = records.getRecords();
        assertEquals(java.util.List.of("epoch", "trainBce", "trainKld", "testBce", "testKld", "testLoss", "activeDims",
                "liveUnits", "collapsed", "seconds", "imagesPerSecond", "kl1", "kl2"), records.getHeaderNames());
        assertEquals(2, rows.size());
        JsonNode metrics = server.get("/api/runs/" + runId).body().get("metrics");
        for (int i = 0; i < 2; i++) {
            assertEquals(i + 1, Integer.parseInt(rows.get(i).get("epoch")));
            assertEquals(metrics.get(i).get("testBce").asDouble(), Double.parseDouble(rows.get(i).get("testBce")), 1e-3);
            assertEquals(metrics.get(i).get("klPerDimension").get(1).asDouble(), Double.parseDouble(rows.get(i).get("kl2")), 1e-4);
            assertEquals(metrics.get(i).get("collapsed").asBoolean(), Boolean.parseBoolean(rows.get(i).get("collapsed")));
        }
        assertEquals(404, server.get("/api/runs/no-such-run/metrics.csv").status());
        assertEquals(400, server.get("/api/runs/..%2F..%2Fetc/metrics.csv").status());
    }

    @Test
    void theEpochReplayIsALoopingGifWithAFramePerEpoch() throws Exception {
        HttpResponse<byte[]> response = getBytes("/api/runs/" + runId + "/replay.gif?delayMs=250");
        assertEquals(200, response.statusCode(), new String(response.body()));
        assertEquals("image/gif", response.headers().firstValue("Content-Type").orElse(""));
        java.util.List<java.awt.image.BufferedImage> frames = new java.util.ArrayList<>();
        java.util.List<int[]> delays = gifFrames(response.body(), frames);
        assertEquals(2, frames.size(), "one frame per finished epoch");
        assertEquals(250, delays.get(0)[0]);
        assertEquals(1, delays.get(0)[1], "the first frame carries the endless-loop extension");
        var epoch1 = ImageIO.read(new ByteArrayInputStream(getBytes("/api/runs/" + runId + "/images/1/samples.png").body()));
        assertEquals(epoch1.getWidth(), frames.get(0).getWidth());
        for (int y = 0; y < epoch1.getHeight(); y += 7) {
            for (int x = 0; x < epoch1.getWidth(); x += 7) {
                assertEquals(epoch1.getRaster().getSample(x, y, 0), frames.get(0).getRGB(x, y) & 0xff, "frame 1 is epoch 1's grid");
            }
        }
        int bar = frames.get(0).getHeight() - 2;
        assertTrue((frames.get(1).getRGB(epoch1.getWidth() - 2, bar) & 0xff) > (frames.get(0).getRGB(epoch1.getWidth() - 2, bar) & 0xff),
                "the progress bar is full on the last frame only");
        HttpResponse<byte[]> recon = getBytes("/api/runs/" + runId + "/replay.gif?kind=reconstructions");
        assertEquals(200, recon.statusCode());
        assertEquals(400, server.get("/api/runs/" + runId + "/replay.gif?kind=weights").status());
        assertEquals("delayMs", server.get("/api/runs/" + runId + "/replay.gif?delayMs=5").body().get("field").asText());
        assertEquals(404, server.get("/api/runs/no-such-run/replay.gif").status());
    }

    @Test
    void theInterpolationExportsAsAScaledStripAndAnAnimation() throws Exception {
        String ends = "\"from\": {\"testIndex\": 3}, \"to\": {\"testIndex\": 5}, \"steps\": 6";
        var strip = image(postBytes("/api/interpolate", "{" + ends + ", \"scale\": 3}"));
        assertEquals(6 * 28 * 3 + 5 * 2 * 3, strip.getWidth());
        assertEquals(28 * 3, strip.getHeight());
        HttpResponse<byte[]> gif = postBytes("/api/interpolate", "{" + ends + ", \"format\": \"gif\", \"scale\": 2, \"delayMs\": 100}");
        assertEquals(200, gif.statusCode(), new String(gif.body()));
        assertEquals("image/gif", gif.headers().firstValue("Content-Type").orElse(""));
        java.util.List<java.awt.image.BufferedImage> frames = new java.util.ArrayList<>();
        java.util.List<int[]> delays = gifFrames(gif.body(), frames);
        assertEquals(10, frames.size(), "there and back: 6 steps make 10 frames");
        assertEquals(100, delays.get(3)[0]);
        assertEquals(56, frames.get(0).getWidth());
        var plain = image(postBytes("/api/interpolate", "{" + ends + "}"));
        for (int y = 0; y < 28; y += 3) {
            for (int x = 0; x < 28; x += 3) {
                assertEquals(plain.getRaster().getSample(x, y, 0), frames.get(0).getRGB(2 * x, 2 * y) & 0xff, "frame 1 is step 1");
                assertEquals(plain.getRaster().getSample(5 * 30 + x, y, 0), frames.get(5).getRGB(2 * x, 2 * y) & 0xff, "frame 6 is the last step");
                assertEquals(plain.getRaster().getSample(4 * 30 + x, y, 0), frames.get(6).getRGB(2 * x, 2 * y) & 0xff, "then back");
            }
        }
        for (String bad : new String[] {"\"format\": \"bmp\"", "\"format\": 1", "\"scale\": 9", "\"scale\": 0", "\"delayMs\": 1"}) {
            RunningServer.Reply reply = server.post("/api/interpolate", "{" + ends + ", " + bad + "}", null);
            assertEquals(400, reply.status(), bad);
            assertTrue(bad.contains(reply.body().get("field").asText()), reply.raw());
        }
    }

    @Test
    void aSliderDecodeOverTheSocketIsTheDigitTheApiDraws() throws Exception {
        try (LiveClient client = new LiveClient(server, null)) {
            client.next("snapshot", 10_000);
            client.send("{\"type\": \"decode\", \"id\": 7, \"z\": [0.5, -1.0]}");
            JsonNode decoded = client.next("decoded", 10_000);
            assertEquals(7, decoded.get("id").asInt());
            assertEquals(2, decoded.get("epoch").asInt());
            byte[] gray = java.util.Base64.getDecoder().decode(decoded.get("pixels").asText());
            assertEquals(784, gray.length);
            var png = image(postBytes("/api/decode", "{\"z\": [0.5, -1.0]}"));
            for (int i = 0; i < 784; i++) {
                assertEquals(png.getRaster().getSample(i % 28, i / 28, 0), gray[i] & 0xff, "pixel " + i);
            }
            for (int i = 10; i < 60; i++) { // a fast drag: the server may skip positions, never the last
                client.send("{\"type\": \"decode\", \"id\": " + i + ", \"z\": [" + (i / 30.0) + ", 0]}");
            }
            int last = -1;
            int replies = 0;
            while (last != 59) {
                last = client.next("decoded", 10_000).get("id").asInt();
                replies++;
            }
            assertTrue(replies <= 50, "no more replies than positions");
            client.send("{\"type\": \"decode\", \"id\": 1, \"z\": [0.5]}");
            assertTrue(client.next("error", 5_000).get("message").asText().contains("array of 2"));
            client.send("{\"type\": \"decode\", \"id\": 1, \"z\": [0.5, 1e9]}");
            assertTrue(client.next("error", 5_000).get("message").asText().contains("z[1]"));
        }
    }

    @Test
    void onlyThePresentersExplorerStateReachesTheFollowers() throws Exception {
        try (LiveClient presenter = new LiveClient(server, null); LiveClient viewer = new LiveClient(server, null)) {
            presenter.next("snapshot", 10_000);
            viewer.next("snapshot", 10_000);
            presenter.send("{\"type\": \"hello\", \"token\": \"" + RunningServer.TOKEN + "\"}");
            presenter.next("snapshot", 5_000);
            presenter.send("{\"type\": \"explore\", \"state\": {\"z\": [1.5, -0.5]}}");
            JsonNode followed = viewer.next("presenterExplore", 5_000);
            assertEquals(1.5, followed.get("state").get("z").get(0).asDouble());
            viewer.send("{\"type\": \"explore\", \"state\": {\"z\": [0, 0]}}");
            assertTrue(viewer.next("error", 5_000).get("message").asText().contains("presenter"));
            presenter.send("{\"type\": \"ping\"}");
            presenter.next("pong", 5_000);
            viewer.send("{\"type\": \"ping\"}");
            viewer.next("pong", 5_000);
            for (LiveClient c : java.util.List.of(presenter, viewer)) {
                assertTrue(c.all.stream().filter(r -> "presenterExplore".equals(r.message().path("type").asText()))
                        .allMatch(r -> r.message().path("state").path("z").path(0).asDouble() == 1.5), "a viewer's state never reaches anyone");
            }
        }
    }
}
