package latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import latentlab.LossAssertions;
import latentlab.RealMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's story of the training job on real MNIST, a little of it at a time. */
class TrainingJobTest {
    private static final Hyperparameters SHORT = new Hyperparameters(2, 128, 1e-3, 2, 1.0, 0, 11, 1024, false);

    @TempDir
    Path models;

    private record Recorded(List<BatchProgress> batches, List<EpochMetrics> epochs, List<TrainingState> states)
            implements TrainingListener {
        Recorded() {
            this(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                    Collections.synchronizedList(new ArrayList<>()));
        }

        @Override
        public void batchDone(BatchProgress progress) {
            batches.add(progress);
        }

        @Override
        public void epochDone(EpochEnd end) {
            epochs.add(end.metrics());
        }

        @Override
        public void stateChanged(TrainingState state) {
            states.add(state);
        }
    }

    private TrainingJob job(RunDirectory run, Hyperparameters hp, Checkpoint from) {
        return new TrainingJob(RealMnist.get(), run, hp, Device.cpu(), from, s -> {});
    }

    @Test
    void trainsReportsEveryBatchAndEpochAndWritesTheRunFolder() throws IOException {
        RunDirectory run = RunDirectory.create(models, SHORT);
        Recorded events = new Recorded();
        TrainingJob job = job(run, SHORT, null);
        job.addListener(events);
        assertTrue(job.run());

        assertEquals(16, events.batches().size(), "8 batches of 128 per epoch, 2 epochs");
        BatchProgress last = events.batches().get(15);
        assertEquals(2048, last.imagesDone());
        assertEquals(2048, last.imagesTotal());
        assertTrue(last.imagesPerSecond() > 0 && last.etaSeconds() == 0);
        assertEquals(List.of(TrainingState.RUNNING, TrainingState.IDLE), events.states());
        assertEquals(2, events.epochs().size());
        for (EpochMetrics m : events.epochs()) {
            for (double v : new double[] {m.trainBce(), m.trainKld(), m.testBce(), m.testKld()}) {
                assertTrue(Double.isFinite(v) && v >= 0, "finite, non-negative losses: " + m);
            }
            assertEquals(2, m.klPerDimension().size());
            assertTrue(m.liveUnits() >= 0 && m.liveUnits() <= 16);
        }
        assertTrue(events.epochs().get(1).testLoss() < events.epochs().get(0).testLoss(), "it learns");
        for (EpochMetrics m : events.epochs()) { // each epoch's pictures, as the run folder holds them
            EpochImages images = run.images(m.epoch()).orElseThrow();
            assertPng(images.samplesPng(), 8 * 28 + 7 * 2, 8 * 28 + 7 * 2);
            assertPng(images.reconstructionsPng(), 10 * 28 + 9 * 2, 2 * 28 + 2);
        }

        Path dir = run.path();
        assertEquals(SHORT, Hyperparameters.fromJson(Files.readString(dir.resolve("config.json"))));
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        for (String field : List.of("epoch", "trainBce", "trainKld", "testBce", "testKld", "activeDims", "collapsed", "seconds",
                "klPerDimension", "liveUnits")) {
            assertTrue(first.has(field), "metrics.jsonl has " + field + ": " + first);
        }
        assertEquals("epoch-0002.ckpt", Files.readString(dir.resolve("checkpoints/latest")));
        assertTrue(Files.exists(dir.resolve("checkpoints/best")));
        assertTrue(Files.exists(dir.resolve("images/epoch-0002-samples.png")));
        assertTrue(Files.exists(dir.resolve("images/epoch-0001-reconstructions.png")));
    }

    @Test
    void theLoopReadsTheDeviceOnlyForLossesAndTestScoresAndReadingLessOftenChangesNoNumber() throws IOException {
        // a CPU reads every batch's loss (1 read a batch); a GPU reads them every 25 batches: here every 3
        Recorded everyBatch = new Recorded();
        TrainingJob each = job(RunDirectory.create(models, SHORT), SHORT, null).readLossesEvery(1);
        each.addListener(everyBatch);
        assertTrue(each.run());
        assertEquals(2 * (8 + 1), each.deviceReads().count(), "per epoch: one read a batch (its losses) and one for the test set");

        Recorded everyThird = new Recorded();
        TrainingJob batched = job(RunDirectory.create(models, SHORT), SHORT, null).readLossesEvery(3);
        batched.addListener(everyThird);
        assertTrue(batched.run());
        assertEquals(2 * (3 + 1), batched.deviceReads().count(), "per epoch: batches 1-3, 4-6, 7-8 read together, and the test set");

        assertEquals(everyBatch.batches(), everyThird.batches().stream().map(p -> new BatchProgress(p.epoch(), p.epochs(), p.batch(),
                p.batches(), p.imagesDone(), p.imagesTotal(), everyBatch.batches().get(everyThird.batches().indexOf(p)).imagesPerSecond(),
                everyBatch.batches().get(everyThird.batches().indexOf(p)).etaSeconds(), p.bce(), p.kld())).toList(),
                "every batch reported once, in order, with the same loss (only the running rate differs)");
        for (int e = 0; e < 2; e++) {
            EpochMetrics a = everyBatch.epochs().get(e);
            EpochMetrics b = everyThird.epochs().get(e);
            assertEquals(List.of(a.trainBce(), a.trainKld(), a.testBce(), a.testKld()), List.of(b.trainBce(), b.trainKld(), b.testBce(), b.testKld()));
        }
    }

    @Test
    void theSameSeedGivesTheSameLossesAndAResumedRunContinuesExactly() throws IOException {
        RunDirectory straight = RunDirectory.create(models, SHORT);
        assertTrue(job(straight, SHORT, null).run());
        List<EpochMetrics> expected = straight.readMetrics();

        RunDirectory again = RunDirectory.create(models, SHORT);
        assertTrue(job(again, SHORT, null).run());
        LossAssertions.assertSameLosses(expected, again.readMetrics());

        Hyperparameters oneEpoch = SHORT.withEpochs(1);
        RunDirectory interrupted = RunDirectory.create(models, oneEpoch);
        assertTrue(job(interrupted, oneEpoch, null).run());
        Checkpoint afterOne = interrupted.loadLatestCheckpoint(w -> {}).orElseThrow();
        assertTrue(job(interrupted, SHORT, afterOne).run());
        LossAssertions.assertSameLosses(expected, interrupted.readMetrics());
    }

    @Test
    void pausesResumesAndStopsBetweenBatchesKeepingTheLastEpochsCheckpoint() throws Exception {
        Hyperparameters hp = new Hyperparameters(3, 128, 1e-3, 2, 1.0, 0, 5, 1280, false);
        RunDirectory run = RunDirectory.create(models, hp);
        TrainingJob job = job(run, hp, null);
        Recorded events = new Recorded();
        CountDownLatch inEpoch2 = new CountDownLatch(1);
        job.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchProgress p) {
                if (p.epoch() == 1 && p.batch() == 3) {
                    job.control().pause();
                    job.control().pause(); // idempotent
                }
                if (p.epoch() == 2 && p.batch() == 4) {
                    inEpoch2.countDown();
                }
            }
        });
        job.addListener(events);
        boolean[] completed = new boolean[1];
        Thread thread = new Thread(() -> completed[0] = job.run());
        thread.start();
        // the positive event: the loop stands still before batch 4, held by the pause
        assertTrue(job.control().awaitHeld(60_000), "the pause takes effect between two batches");
        assertEquals(TrainingState.PAUSED, job.control().state());
        assertEquals(3, events.batches().size(), "no batch runs while paused");
        RunControl.Position resumed = job.control().resume();
        assertEquals(new RunControl.Position(TrainingState.RUNNING, 1, 3), resumed, "it resumes where it stood");
        assertTrue(inEpoch2.await(60, TimeUnit.SECONDS));
        assertEquals(4, events.batches().get(3).batch(), "the next batch after the pause is batch 4");
        job.control().stop();
        job.control().stop();
        thread.join(60_000);
        assertFalse(thread.isAlive());
        assertFalse(completed[0], "a stopped run is not complete");
        assertEquals(List.of(TrainingState.RUNNING, TrainingState.PAUSED, TrainingState.RUNNING, TrainingState.STOPPING,
                TrainingState.IDLE), events.states());
        assertTrue(events.batches().size() <= 10 + 5, "stopped after the current batch");
        assertEquals(1, run.readMetrics().size());
        assertEquals(1, run.loadLatestCheckpoint(w -> {}).orElseThrow().epoch());
    }

    private static void assertPng(byte[] png, int width, int height) throws IOException {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }
}
