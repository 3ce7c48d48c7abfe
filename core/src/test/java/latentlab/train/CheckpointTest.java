package latentlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints survive a round trip, damage is detected, and a run falls back to its previous good one. */
class CheckpointTest {
    @TempDir
    Path models;

    private static Checkpoint checkpoint(int epoch, float value) {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        tensors.put("enc_fc.weight", new float[] {value, -value, 0.5f});
        tensors.put("adam_m.enc_fc.weight", new float[] {1f, 2f, 3f});
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 1; e <= epoch; e++) {
            history.add(new EpochMetrics(e, 200 - e, 3, 190 - e, 4, List.of(2.0, 2.0), 2, 9, false, 60, 1000));
        }
        return new Checkpoint(epoch, epoch * 469L, Hyperparameters.defaults(), history, tensors);
    }

    @Test
    void roundTripsEveryField() {
        Checkpoint original = checkpoint(2, 0.25f);
        Checkpoint read = Checkpoint.fromBytes(original.toBytes(), "test");
        assertEquals(2, read.epoch());
        assertEquals(938, read.adamSteps());
        assertEquals(original.hyperparameters(), read.hyperparameters());
        assertEquals(original.history(), read.history());
        assertArrayEquals(original.tensors().get("enc_fc.weight"), read.tensors().get("enc_fc.weight"));
        assertEquals(List.of("enc_fc.weight"), List.copyOf(read.weights().keySet()));
    }

    @Test
    void truncatedFlippedAndForeignBytesAreDetected() {
        byte[] good = checkpoint(1, 1f).toBytes();
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.fromBytes(java.util.Arrays.copyOf(good, good.length - 9), "cut"));
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.fromBytes(flipped, "flipped.ckpt"));
        assertTrue(e.getMessage().contains("flipped.ckpt") && e.getMessage().contains("CRC"), e.getMessage());
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.fromBytes(new byte[0], "empty"));
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.fromBytes("hello world, not a checkpoint at all".getBytes(), "text"));
    }

    @Test
    void aCorruptLatestCheckpointFallsBackToThePreviousWithAClearWarning() throws IOException {
        RunDirectory run = RunDirectory.create(models, Hyperparameters.defaults());
        run.saveCheckpoint(checkpoint(1, 1f), true);
        run.saveCheckpoint(checkpoint(2, 2f), true);
        Path latest = run.path().resolve("checkpoints/epoch-0002.ckpt");
        byte[] bytes = Files.readAllBytes(latest);
        Files.write(latest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        List<String> warnings = new ArrayList<>();
        Checkpoint loaded = run.loadLatestCheckpoint(warnings::add).orElseThrow();
        assertEquals(1, loaded.epoch());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("epoch-0002.ckpt") && warnings.get(0).contains("falling back"), warnings.get(0));
    }

    @Test
    void keepsTheLastThreeAndTheBestAndMarksThem() throws IOException {
        RunDirectory run = RunDirectory.create(models, Hyperparameters.defaults());
        for (int e = 1; e <= 6; e++) {
            run.saveCheckpoint(checkpoint(e, e), e == 2);
        }
        Path folder = run.path().resolve("checkpoints");
        assertEquals("epoch-0006.ckpt", Files.readString(folder.resolve("latest")));
        assertEquals("epoch-0002.ckpt", Files.readString(folder.resolve("best")));
        assertEquals(List.of("epoch-0006.ckpt", "epoch-0005.ckpt", "epoch-0004.ckpt", "epoch-0002.ckpt"),
                run.checkpointFiles().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(2, run.loadBestCheckpoint(w -> {}).orElseThrow().epoch());
    }

    @Test
    void runIdsCannotReachOutsideTheModelsFolder() throws IOException {
        for (String id : new String[] {"../etc", "..", "a/b", "/tmp", "", ".hidden", "x".repeat(65), "a\\b"}) {
            assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(models, id), id);
        }
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(models, "no-such-run"));
        RunDirectory run = RunDirectory.create(models, Hyperparameters.defaults());
        assertEquals(run.path(), RunDirectory.open(models, run.id()).path());
    }
}
