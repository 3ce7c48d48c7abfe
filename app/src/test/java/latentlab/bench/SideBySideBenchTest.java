package latentlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SideBySideBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode side(double imagesPerSecond, double decode1Ms) {
        ObjectNode node = JSON.createObjectNode();
        for (SideBySideBench.Figure f : SideBySideBench.FIGURES) {
            node.put(f.key(), 1.0);
        }
        node.put("trainImagesPerSecond", imagesPerSecond);
        node.put("decode1Ms", decode1Ms);
        return node;
    }

    @Test
    void theTableQuotesMediansOfTheRepeatsAndTheirRatio() {
        List<SideBySideBench.Repeat> repeats = List.of(
                new SideBySideBench.Repeat(side(1000, 0.9), side(800, 0.3)),
                new SideBySideBench.Repeat(side(1300, 0.5), side(700, 0.2)), // one fast outlier each way
                new SideBySideBench.Repeat(side(1100, 0.6), side(900, 0.25)));
        Map<String, double[]> table = SideBySideBench.medians(repeats);
        assertEquals(1100, table.get("trainImagesPerSecond")[0]);
        assertEquals(800, table.get("trainImagesPerSecond")[1]);
        assertEquals(1.375, table.get("trainImagesPerSecond")[2], 1e-12);
        assertEquals(0.6, table.get("decode1Ms")[0], 1e-12);
        assertEquals(0.25, table.get("decode1Ms")[1], 1e-12);
        assertEquals(SideBySideBench.FIGURES.size(), table.size(), "every figure has a row");
    }

    @Test
    void theEncodeHelperShipsInTheJarAndUsesTheCoursesOwnModel() throws Exception {
        try (var in = SideBySideBench.class.getResourceAsStream("/bench/encode_reference.py")) {
            assertNotNull(in, "bench/encode_reference.py is a resource");
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(script.contains("reference.VAE(2)"), "the reference script's own VAE class, not a copy");
            assertTrue(script.contains("torch.no_grad()"));
        }
    }

    @Test
    void aPythonThatCannotRunTheReferenceIsRefusedBeforeAnyRepeat() throws Exception {
        java.nio.file.Path script = java.nio.file.Files.createTempFile("reference", ".py");
        try {
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = latentlab.cli.LatentLabCommand.commandLine();
            cli.setErr(new java.io.PrintWriter(err));
            latentlab.RealMnist.get(); // MNIST is there, so only the Python can be what is refused
            int code = cli.execute("bench", "--side-by-side", "1", "--python", "/no/such/python3",
                    "--reference", script.toString(), "--data", latentlab.RealMnist.DIR.toString());
            String refused = err.toString().trim();
            assertEquals(2, code, refused);
            assertTrue(refused.contains("--python /no/such/python3"), refused);
        } finally {
            java.nio.file.Files.deleteIfExists(script);
        }
    }
}
