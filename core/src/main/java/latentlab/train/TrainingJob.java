package latentlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import latentlab.data.EpochOrder;
import latentlab.data.IdxFile;
import latentlab.data.Mnist;
import latentlab.model.AdamOptimizer;
import latentlab.model.CourseVae;
import latentlab.model.GradMode;
import latentlab.model.Initialisation;
import latentlab.model.VaeWeights;
import latentlab.render.DigitGrid;

/**
 * Trains one course VAE on one thread (the one calling {@link #run()}), epoch by epoch, checkpointing
 * into its {@link RunDirectory} and reporting to listeners. Other threads may {@link #pause()},
 * {@link #resume()} or {@link #stop()}; those take effect between batches.
 *
 * <p>Everything random comes from the run's seed: the initial weights, each epoch's shuffle and each
 * batch's eps (drawn per epoch from (seed, epoch)), so the same seed gives the same losses and a run
 * resumed from an epoch's checkpoint continues exactly as if it had never stopped.
 */
public final class TrainingJob {
    private final Mnist data;
    private final Hyperparameters hp;
    private final RunDirectory run;
    private final Device device;
    private final Checkpoint resumeFrom;
    private final Consumer<String> log;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private TrainingState state = TrainingState.IDLE;
    private volatile int epoch;
    private volatile int batch;

    /** {@code resumeFrom}: a checkpoint of this run to continue from, or null to start at epoch 1. */
    public TrainingJob(Mnist data, RunDirectory run, Hyperparameters hp, Device device, Checkpoint resumeFrom,
                       Consumer<String> log) {
        this.data = data;
        this.run = run;
        this.hp = hp;
        this.device = device;
        this.resumeFrom = resumeFrom;
        this.log = log;
    }

    public void addListener(TrainingListener listener) {
        listeners.add(listener);
    }

    public String runId() {
        return run.id();
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    public Device device() {
        return device;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    public TrainingState state() {
        synchronized (lock) {
            return state;
        }
    }

    public void pause() {
        changeState(TrainingState.RUNNING, TrainingState.PAUSED);
    }

    public void resume() {
        changeState(TrainingState.PAUSED, TrainingState.RUNNING);
    }

    /** Ends the run after the current batch; the last epoch's checkpoint stays the latest. */
    public void stop() {
        changeState(null, TrainingState.STOPPING);
    }

    private void changeState(TrainingState from, TrainingState to) {
        synchronized (lock) {
            if (state == TrainingState.IDLE || state == TrainingState.STOPPING || state == to
                    || (from != null && state != from)) {
                return; // idempotent: pausing a paused job, stopping a stopping one, … changes nothing
            }
            state = to;
            lock.notifyAll();
        }
        listeners.forEach(l -> l.stateChanged(to));
    }

    /** Trains until the last epoch or a stop; returns true when every epoch completed. */
    public boolean run() {
        synchronized (lock) {
            if (state != TrainingState.IDLE) {
                throw new IllegalStateException("a training job runs once");
            }
            state = TrainingState.RUNNING;
        }
        listeners.forEach(l -> l.stateChanged(TrainingState.RUNNING));
        boolean completed = false;
        Throwable error = null;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            run.clearOutcome();
            completed = train(manager);
        } catch (RuntimeException | IOException | Error e) {
            error = e;
        } finally {
            synchronized (lock) {
                state = TrainingState.IDLE;
            }
            listeners.forEach(l -> l.stateChanged(TrainingState.IDLE));
        }
        Throwable failure = error;
        boolean done = completed;
        try {
            run.writeOutcome(error != null ? "failed: " + error.getMessage() : completed ? "completed" : "stopped");
        } catch (IOException e) {
            log.accept("warning: could not record how run " + run.id() + " ended: " + e.getMessage());
        }
        listeners.forEach(l -> l.runEnded(run.id(), done, failure));
        if (error instanceof IOException io) {
            throw new UncheckedIOException("training run " + run.id() + " failed: " + io.getMessage(), io);
        }
        if (error instanceof RuntimeException re) {
            throw re;
        }
        if (error instanceof Error er) {
            throw er;
        }
        return completed;
    }

    private boolean train(NDManager manager) throws IOException {
        NDArray trainImages = onDevice(manager, data.trainImages());
        NDArray testImages = onDevice(manager, data.testImages());
        Initialisation init = hp.exact() ? Initialisation.PYTORCH_DEFAULT : Initialisation.KAIMING_NORMAL;
        List<EpochMetrics> history = new ArrayList<>();
        int firstEpoch = 1;
        try (VaeWeights weights = resumeFrom == null
                ? VaeWeights.initialise(manager, hp.latentDim(), init, hp.seed())
                : VaeWeights.fromValues(manager, hp.latentDim(), resumeFrom.weights())) {
            weights.requireGradients();
            CourseVae vae = new CourseVae(weights);
            try (AdamOptimizer adam = new AdamOptimizer(weights)) {
                if (resumeFrom != null) {
                    adam.restore(resumeFrom.tensors(), resumeFrom.adamSteps());
                    history.addAll(resumeFrom.history());
                    firstEpoch = resumeFrom.epoch() + 1;
                    run.writeMetrics(history);
                }
                String deviceName = TrainingDevice.describe(device);
                log.accept((resumeFrom == null ? "training " : "resuming ") + run.id() + " on " + deviceName);
                RunStart start = new RunStart(run.id(), hp, deviceName, firstEpoch, List.copyOf(history));
                listeners.forEach(l -> l.runStarted(start));
                WeightsSnapshot initial = new WeightsSnapshot(run.id(), firstEpoch - 1, hp.latentDim(), weights.toValues());
                listeners.forEach(l -> l.weightsPublished(initial));
                NDArray fixedNoise = manager.create(FixedExamples.noise(hp.seed(), hp.latentDim()),
                        new Shape(FixedExamples.SAMPLES, hp.latentDim()));
                NDArray fixedDigits = testImages.get(new NDIndex("{}",
                        manager.create(FixedExamples.testDigits(hp.seed(), data.testLabels()))));
                long imagesBefore = (long) (firstEpoch - 1) * hp.imagesPerEpoch();
                for (int e = firstEpoch; e <= hp.epochs(); e++) {
                    epoch = e;
                    int epochNumber = e;
                    long started = System.nanoTime();
                    double[] trainLoss = trainEpoch(e, vae, adam, trainImages, manager, imagesBefore);
                    if (trainLoss == null) {
                        return false; // stopped
                    }
                    double trainSeconds = (System.nanoTime() - started) / 1e9;
                    TestEvaluation.Result test = GradMode.off(() -> TestEvaluation.run(vae, testImages));
                    EpochImages images = GradMode.off(() -> render(epochNumber, vae, fixedNoise, fixedDigits));
                    EpochMetrics metrics = metrics(e, trainLoss, test, (System.nanoTime() - started) / 1e9,
                            hp.imagesPerEpoch() / trainSeconds);
                    boolean best = history.stream().allMatch(m -> metrics.testLoss() < m.testLoss());
                    history.add(metrics);
                    run.saveImages(images);
                    Checkpoint checkpoint = checkpoint(e, weights, adam, history);
                    run.saveCheckpoint(checkpoint, best);
                    run.appendMetrics(metrics);
                    imagesBefore += hp.imagesPerEpoch();
                    listeners.forEach(l -> l.epochDone(metrics, images));
                    WeightsSnapshot snapshot = new WeightsSnapshot(run.id(), e, hp.latentDim(), checkpoint.weights());
                    listeners.forEach(l -> l.weightsPublished(snapshot));
                }
                return true;
            }
        }
    }

    /** Mean train BCE and KLD per image of the epoch, or null when stopped part-way. */
    private double[] trainEpoch(int e, CourseVae vae, AdamOptimizer adam, NDArray trainImages, NDManager manager,
                                long imagesBefore) {
        long[] order = EpochOrder.shuffled(data.trainImages().count(), hp.seed(), e, hp.trainLimit());
        SplittableRandom noise = new SplittableRandom(hp.seed() * 7_919L + e * 104_729L + 17);
        int batches = hp.batchesPerEpoch();
        long total = (long) hp.epochs() * hp.imagesPerEpoch();
        double bceSum = 0;
        double kldSum = 0;
        long started = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            if (!awaitRunning()) {
                return null;
            }
            batch = b + 1;
            int from = b * hp.batchSize();
            int size = Math.min(hp.batchSize(), order.length - from);
            long[] indices = java.util.Arrays.copyOfRange(order, from, from + size);
            float[] eps = new float[size * hp.latentDim()];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = (float) noise.nextGaussian();
            }
            float klWeight = hp.klWeight(e, (double) b / batches);
            float[] losses;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = trainImages.get(new NDIndex("{}", manager.create(indices)))
                        .toType(DataType.FLOAT32, false).div(255f);
                NDArray epsArray = manager.create(eps, new Shape(size, hp.latentDim()));
                losses = TrainingStep.run(vae, adam, x, epsArray, klWeight, (float) hp.learningRate());
            }
            if (!Float.isFinite(losses[0]) || !Float.isFinite(losses[1])) {
                throw new IllegalStateException("training diverged at epoch " + e + ", batch " + (b + 1)
                        + ": loss is " + losses[0] + " + " + losses[1] + " (try a lower learning rate)");
            }
            bceSum += losses[0];
            kldSum += losses[1];
            long done = (long) from + size;
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            long runDone = imagesBefore + done;
            BatchProgress progress = new BatchProgress(e, hp.epochs(), b + 1, batches, runDone, total, rate,
                    (total - runDone) / rate, losses[0] / size, losses[1] / size);
            listeners.forEach(l -> l.batchDone(progress));
        }
        return new double[] {bceSum / order.length, kldSum / order.length};
    }

    /** Waits while paused; false when the job should stop. */
    private boolean awaitRunning() {
        synchronized (lock) {
            while (state == TrainingState.PAUSED) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    state = TrainingState.STOPPING;
                }
            }
            return state == TrainingState.RUNNING;
        }
    }

    private EpochImages render(int e, CourseVae vae, NDArray fixedNoise, NDArray fixedDigits) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] samples = vae.decode(fixedNoise).toFloatArray();
            NDArray x = fixedDigits.toType(DataType.FLOAT32, false).div(255f);
            float[] originals = x.toFloatArray();
            float[] recon = vae.decode(vae.encode(x).mu()).toFloatArray();
            float[] pair = new float[originals.length + recon.length];
            System.arraycopy(originals, 0, pair, 0, originals.length);
            System.arraycopy(recon, 0, pair, originals.length, recon.length);
            return new EpochImages(e, DigitGrid.png(samples, FixedExamples.SAMPLES, FixedExamples.SAMPLE_COLUMNS),
                    DigitGrid.png(pair, 20, 10));
        }
    }

    private EpochMetrics metrics(int e, double[] train, TestEvaluation.Result test, double seconds, double rate) {
        List<Double> kl = new ArrayList<>();
        int active = 0;
        for (double k : test.klPerDimension()) {
            kl.add(k);
            if (k > EpochMetrics.ACTIVE_KL) {
                active++;
            }
        }
        long seen = (long) e * hp.imagesPerEpoch();
        boolean collapsed = test.liveUnits() == 0 || seen >= EpochMetrics.COLLAPSE_AFTER_IMAGES
                && (active == 0 || test.kld() < EpochMetrics.COLLAPSED_KL);
        return new EpochMetrics(e, train[0], train[1], test.bce(), test.kld(), kl, active, test.liveUnits(),
                collapsed, seconds, rate);
    }

    private Checkpoint checkpoint(int e, VaeWeights weights, AdamOptimizer adam, List<EpochMetrics> history) {
        Map<String, float[]> tensors = new LinkedHashMap<>(weights.toValues());
        tensors.putAll(adam.stateValues());
        return new Checkpoint(e, adam.steps(), hp, List.copyOf(history), tensors);
    }

    private static NDArray onDevice(NDManager manager, IdxFile.Images images) {
        return manager.create(java.nio.ByteBuffer.wrap(images.pixels()),
                new Shape(images.count(), 1, 28, 28), DataType.UINT8);
    }
}
