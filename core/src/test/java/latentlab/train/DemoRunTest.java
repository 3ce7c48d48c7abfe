package latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo run that ships in the jar: installed into an empty models folder only, every file as its
 * SHA-256 says, readable as a run (metrics, pictures, weights to explore) and marked with the command that
 * made it; a copy with one byte changed installs nothing and says which file.
 */
class DemoRunTest {
    @TempDir
    Path models;

    @Test
    void theShippedDemoInstallsIntoAnEmptyFolderOnlyAndReadsAsARun() throws Exception {
        List<String> said = new ArrayList<>();
        Optional<String> id = DemoRun.installIfEmpty(models, said::add);
        assertTrue(id.isPresent(), "installed: " + said);
        RunDirectory run = RunDirectory.open(models, id.get());
        SavedRun saved = SavedRun.load(run);
        assertEquals(3, saved.history().size());
        assertEquals("completed", saved.outcome());
        assertEquals("train --epochs 3 --seed 1", saved.demo());
        assertEquals(List.of(1, 2, 3), saved.epochsWithImages());
        WeightsSnapshot weights = run.latestWeights(w -> {}).orElseThrow();
        assertEquals(3, weights.epoch(), "explored from its last epoch's weights (it ships no checkpoints)");
        assertEquals(2, weights.latentDim());
        assertTrue(saved.history().get(2).testBce() + saved.history().get(2).testKld() < 170, "a model worth exploring");

        assertEquals(Optional.empty(), DemoRun.installIfEmpty(models, said::add), "a folder with a run gets no demo");
        assertEquals(List.of(id.get()), RunDirectory.list(models));
    }

    @Test
    void aDamagedCopyInstallsNothingAndSaysWhichFile() throws Exception {
        String sums = new String(DemoRun.resource("SHA256SUMS"), java.nio.charset.StandardCharsets.UTF_8);
        String victim = sums.lines().filter(l -> l.contains("weights/")).findFirst().orElseThrow().split("\\s+", 2)[1];
        List<String> said = new ArrayList<>();
        Optional<String> id = DemoRun.installIfEmpty(models, said::add, path -> {
            byte[] bytes = DemoRun.resource(path);
            if (path.equals(victim)) {
                bytes[bytes.length / 2] ^= 1;
            }
            return bytes;
        });
        assertEquals(Optional.empty(), id);
        assertEquals(1, said.size());
        assertTrue(said.get(0).contains(victim) && said.get(0).contains("SHA-256"), said.get(0));
        try (var left = Files.list(models)) {
            assertEquals(0, left.count(), "nothing left behind");
        }
    }
}
