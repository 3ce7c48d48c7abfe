package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import latentlab.model.FrozenDecoder;
import latentlab.model.Safetensors;
import latentlab.train.Checkpoint;
import latentlab.train.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each epoch's decoder, codes and weights as immutable safetensors files: the tensors are the run's own
 * (checked against its checkpoint and the encoder), cached by ETag, announced in the socket's messages,
 * and every bad address gets a clear refusal.
 */
class EpochFilesApiTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);
    static String runId;
    static JsonNode imagesMessage;
    static JsonNode mapMessage;

    @BeforeAll
    static void trainTwoEpochsAndListen() throws Exception {
        try (LiveClient live = new LiveClient(server, null)) {
            runId = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 1500, \"seed\": 3}").body().get("runId").asText();
            JsonNode images;
            do {
                images = live.next("images", 120_000);
                assertNotNull(images, "an images message for each epoch");
            } while (images.get("epoch").asInt() < 2);
            imagesMessage = images;
            JsonNode map;
            do {
                map = live.next("latentMap", 60_000);
                assertNotNull(map, "a latent map message for each epoch");
            } while (map.get("epoch").asInt() < 2);
            mapMessage = map;
        }
        server.awaitState("idle", 60_000);
    }

    private static HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Safetensors.Contents ok(HttpResponse<byte[]> response) throws Exception {
        assertEquals(200, response.statusCode(), new String(response.body()));
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("public, max-age=31536000, immutable", response.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(response.headers().firstValue("ETag").orElse("").matches("\"[A-Za-z0-9_-]{22}\""));
        return Safetensors.read(response.body());
    }

    private static Map<String, float[]> checkpointWeights(int epoch) throws Exception {
        var file = RunDirectory.open(server.models, runId).path().resolve(String.format("checkpoints/epoch-%04d.ckpt", epoch));
        return Checkpoint.fromBytes(java.nio.file.Files.readAllBytes(file), file.toString()).weights();
    }

    @Test
    void theEpochsMessagesLinkItsDecoderAndCodes() {
        assertEquals("/api/runs/" + runId + "/epochs/2/decoder.safetensors", imagesMessage.get("decoder").asText());
        assertEquals("/api/runs/" + runId + "/epochs/2/codes.safetensors", mapMessage.get("codes").asText());
        assertEquals("/api/runs/" + runId + "/epochs/2/decoder.safetensors", mapMessage.get("decoder").asText());
        assertTrue(mapMessage.get("manifold").asText().contains("epoch=2"), "a 2-D model has a manifold picture");
    }

    @Test
    void theDecoderIsTheCheckpointsDecoderUnderPytorchNames() throws Exception {
        Safetensors.Contents decoder = ok(fetch("/api/runs/" + runId + "/epochs/2/decoder.safetensors"));
        assertEquals(FrozenDecoder.DECODER_WEIGHTS, List.copyOf(decoder.tensors().keySet()));
        Map<String, float[]> checkpoint = checkpointWeights(2);
        for (String name : FrozenDecoder.DECODER_WEIGHTS) {
            assertArrayEquals(checkpoint.get(name), decoder.tensors().get(name).floats(), name);
        }
        assertArrayEquals(new long[] {3136, 2}, decoder.tensors().get("dec_fc.weight").shape());
        assertArrayEquals(new long[] {64, 32, 3, 3}, decoder.tensors().get("dec_deconv2.weight").shape());
        assertEquals("2", decoder.metadata().get("epoch"));
        assertEquals(runId, decoder.metadata().get("run"));
        float[] epoch1 = ok(fetch("/api/runs/" + runId + "/epochs/1/decoder.safetensors")).tensors().get("dec_fc.weight").floats();
        assertTrue(!java.util.Arrays.equals(epoch1, decoder.tensors().get("dec_fc.weight").floats()), "each epoch has its own");
        assertEquals(8, ok(fetch("/api/runs/" + runId + "/epochs/0/decoder.safetensors")).tensors().size(),
                "the starting weights too");
    }

    @Test
    void theWholeModelsWeightsAreTheCheckpoints() throws Exception {
        HttpResponse<byte[]> response = fetch("/api/runs/" + runId + "/epochs/1/weights.safetensors");
        Safetensors.Contents weights = ok(response);
        Map<String, float[]> checkpoint = checkpointWeights(1);
        assertEquals(checkpoint.keySet(), weights.tensors().keySet());
        checkpoint.forEach((name, values) -> assertArrayEquals(values, weights.tensors().get(name).floats(), name));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains(runId + "-epoch-1.safetensors"));
    }

    @Test
    void theCodesAreTheEncodersMuAndLogvarOfEveryTestDigit() throws Exception {
        Safetensors.Contents codes = ok(fetch("/api/runs/" + runId + "/epochs/2/codes.safetensors"));
        assertArrayEquals(new long[] {10_000, 2}, codes.tensors().get("mu").shape());
        assertArrayEquals(new long[] {10_000, 2}, codes.tensors().get("logvar").shape());
        assertArrayEquals(new long[] {10_000}, codes.tensors().get("labels").shape());
        assertEquals("raw", codes.metadata().get("method"));
        byte[] labels = codes.tensors().get("labels").bytes();
        float[] mu = codes.tensors().get("mu").floats();
        float[] logvar = codes.tensors().get("logvar").floats();
        for (int index : new int[] {0, 1234, 9999}) {
            JsonNode encoded = server.post("/api/encode", "{\"testIndex\": " + index + "}", null).body();
            assertEquals(encoded.get("label").asInt(), labels[index], "label of test digit " + index);
            for (int d = 0; d < 2; d++) {
                assertEquals(encoded.get("mu").get(d).asDouble(), mu[index * 2 + d], 1e-4, "mu of test digit " + index);
                assertEquals(encoded.get("logvar").get(d).asDouble(), logvar[index * 2 + d], 1e-4, "logvar of test digit " + index);
            }
        }
    }

    @Test
    void aSavedEpochsCodesAreComputedOnceAndKept() throws Exception {
        var kept = RunDirectory.open(server.models, runId).path().resolve("codes/epoch-0001.safetensors");
        Safetensors.Contents codes = ok(fetch("/api/runs/" + runId + "/epochs/1/codes.safetensors"));
        assertEquals("1", codes.metadata().get("epoch"));
        assertTrue(java.nio.file.Files.isRegularFile(kept), "kept in the run folder");
        assertArrayEquals(java.nio.file.Files.readAllBytes(kept), fetch("/api/runs/" + runId + "/epochs/1/codes.safetensors").body());
    }

    @Test
    void aMatchingETagAnswers304WithNoBody() throws Exception {
        String path = "/api/runs/" + runId + "/epochs/2/decoder.safetensors";
        String etag = fetch(path).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = fetch(path, "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(200, fetch(path, "If-None-Match", "\"something-else\"").statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/epochs/99/decoder.safetensors | 404 | has no weights for epoch 99",
        "/epochs/two/decoder.safetensors | 400 | epoch must be a whole number",
        "/epochs/-1/codes.safetensors | 400 | epoch must be 0 or more",
        "/epochs/1/decoder.bin | 404 | no file decoder.bin for an epoch",
        "/epochs/99/codes.safetensors | 404 | has no weights for epoch 99",
    })
    void badAddressesAreRefusedClearly(String tail, int status, String words) throws Exception {
        HttpResponse<byte[]> response = fetch("/api/runs/" + runId + tail);
        assertEquals(status, response.statusCode());
        assertTrue(new String(response.body()).contains(words), new String(response.body()));
    }

    @Test
    void unknownAndMalformedRunsAreRefused() throws Exception {
        assertEquals(404, fetch("/api/runs/20990101-000000-nope/epochs/1/decoder.safetensors").statusCode());
        assertEquals(400, fetch("/api/runs/bad%20id/epochs/1/decoder.safetensors").statusCode());
    }
}
