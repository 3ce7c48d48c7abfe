package latentlab.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import latentlab.data.IdxFile;
import latentlab.data.Mnist;
import latentlab.json.Json;
import latentlab.model.CourseVae;
import latentlab.model.FrozenDecoder;
import latentlab.model.GradMode;
import latentlab.model.VaeWeights;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingJob;

/**
 * The Latent Lab side of {@link SideBySideBench}, run in a fresh JVM of its own (so cold start and peak
 * memory are its own): one 60,000-image epoch of the real training loop from a fresh model, then the
 * explorer's decode of 1 and 64 codes and the encode of the 10,000 test images, as one JSON line.
 */
public final class SideBySideChild {
    private SideBySideChild() {}

    /** Measures Latent Lab in this (fresh) process and returns the figures; the process is the child. */
    public static ObjectNode measureHere(Path data, Device device) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Mnist mnist = Mnist.fetchAndLoad(data, s -> {});
        Path models = Files.createTempDirectory("latent-lab-side-by-side");
        try {
            Hyperparameters hp = Hyperparameters.defaults().withEpochs(1); // batch 128, latent 2, as the reference
            TrainingJob job = new TrainingJob(mnist, RunDirectory.create(models, hp), hp, device, null, s -> {});
            BatchClock clock = new BatchClock(hp.batchSize(), SideBySideBench.WARMUP_BATCHES, jvmStart);
            job.addListener(clock);
            if (!job.run()) {
                throw new IllegalStateException("the training epoch did not complete");
            }
            ObjectNode out = Json.object();
            out.put("trainImagesPerSecond", hp.batchSize() / clock.medianBatchSeconds());
            // training only, as the reference's epoch_s
            out.put("epochSeconds", hp.imagesPerEpoch() / clock.lastEpoch().imagesPerSecond());
            out.put("coldStartSeconds", clock.coldStartMillis() / 1e3);
            try (NDManager manager = NDManager.newBaseManager(device);
                 VaeWeights weights = VaeWeights.fromValues(manager, 2, clock.lastWeights().weights())) {
                FrozenDecoder decoder = new FrozenDecoder(weights);
                out.put("decode1Ms", DecodeTiming.medianMillis(decoder, manager, 1, 1000));
                out.put("decode64Ms", DecodeTiming.medianMillis(decoder, manager, 64, 200));
                out.put("encodeTestMs", Median.of(encodeTestSet(new CourseVae(weights), manager, mnist.testImages())) * 1e3);
            }
            out.put("peakRssMb", peakRssMb());
            return out;
        } finally {
            TempFolder.delete(models);
        }
    }

    private static double[] encodeTestSet(CourseVae vae, NDManager manager, IdxFile.Images test) {
        double[] seconds = new double[SideBySideBench.ENCODE_REPEATS];
        for (int r = -1; r < SideBySideBench.ENCODE_REPEATS; r++) { // one untimed
            long started = System.nanoTime();
            for (int start = 0; start < test.count(); start += 1000) {
                int n = Math.min(1000, test.count() - start);
                float[] x = Mnist.scaled(test, start, n);
                GradMode.off(() -> {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        vae.encode(manager.create(x, new Shape(n, 1, 28, 28))).mu().toFloatArray();
                    }
                });
            }
            if (r >= 0) {
                seconds[r] = (System.nanoTime() - started) / 1e9;
            }
        }
        return seconds;
    }

    /** The most resident memory this process has had (Linux: VmHWM), in MB; NaN elsewhere. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
