package latentlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import latentlab.data.IdxFile;
import latentlab.data.Mnist;
import latentlab.model.AdamOptimizer;
import latentlab.model.CourseVae;
import latentlab.model.GradMode;
import latentlab.model.Initialisation;
import latentlab.model.VaeArchitecture;
import latentlab.model.VaeWeights;

/**
 * Trains one course VAE on one thread (the one calling {@link #run()}), epoch by epoch, and reports to
 * its listeners; the job's own listeners check for divergence, draw each epoch's pictures and keep the run
 * folder ({@link TrainingListener}). Other threads pause, resume or stop it through {@link #control()}.
 *
 * <p>Everything random comes from the run's seed: the initial weights, each epoch's shuffle and each
 * batch's eps ({@link EpochBatches}), so the same seed gives the same losses and a run resumed from an
 * epoch's checkpoint continues exactly as if it had never stopped.
 */
public final class TrainingJob {
    private final Mnist data;
    private final Hyperparameters hp;
    private final RunDirectory run;
    private final Device device;
    private final Checkpoint resumeFrom;
    private final List<TuningChange> keptChanges;
    private final LiveTuning tuning;
    private final Consumer<String> log;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final RunControl control = new RunControl(state -> listeners.forEach(l -> l.stateChanged(state)));
    private final DeviceReads reads = new DeviceReads();
    private int lossReadInterval;

    /** {@code resumeFrom}: a checkpoint of this run to continue from, or null to start at epoch 1. */
    public TrainingJob(Mnist data, RunDirectory run, Hyperparameters hp, Device device, Checkpoint resumeFrom,
                       Consumer<String> log) {
        this(data, run, hp, device, resumeFrom, List.of(), log);
    }

    /** {@code keptChanges}: the changes of β or the learning rate made in the epochs {@code resumeFrom} holds. */
    public TrainingJob(Mnist data, RunDirectory run, Hyperparameters hp, Device device, Checkpoint resumeFrom,
                       List<TuningChange> keptChanges, Consumer<String> log) {
        this.data = data;
        this.run = run;
        this.hp = hp;
        this.device = device;
        this.resumeFrom = resumeFrom;
        this.keptChanges = List.copyOf(keptChanges);
        this.tuning = new LiveTuning(hp, this.keptChanges);
        this.lossReadInterval = LossReadout.intervalFor(device);
        this.log = log;
        listeners.add(new DivergenceCheck());
        listeners.add(new EpochPictures(run, hp, data));
        listeners.add(new RunRecorder(run, log));
    }

    /** Adds a listener after the job's own (and after those added before it). */
    public void addListener(TrainingListener listener) {
        listeners.add(listener);
    }

    public String runId() {
        return run.id();
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    public RunControl control() {
        return control;
    }

    /** β and the learning rate as they stand; {@link LiveTuning#ask} changes them from the next batch. */
    public LiveTuning tuning() {
        return tuning;
    }

    /** The loop's reads from the training device so far (the batches' losses and the test scores). */
    public DeviceReads deviceReads() {
        return reads;
    }

    /**
     * Batches whose losses are read back together (default: 1 on a CPU, {@value LossReadout#GPU_INTERVAL}
     * on a GPU); set before {@link #run()}. The numbers are the same whatever it is.
     */
    public TrainingJob readLossesEvery(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("losses are read every 1 or more batches, not " + batches);
        }
        this.lossReadInterval = batches;
        return this;
    }

    /** Trains until the last epoch or a stop; returns true when every epoch completed. */
    public boolean run() {
        control.begin();
        boolean completed = false;
        Throwable failure = null;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            completed = train(manager);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        RunEnd end = new RunEnd(run.id(), completed, failure, run.models());
        try {
            listeners.forEach(l -> l.runEnded(end)); // the run's files are written before anyone hears "idle"
        } finally {
            control.end();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return completed;
    }

    private boolean train(NDManager manager) {
        NDArray trainImages = onDevice(manager, data.trainImages());
        NDArray testImages = onDevice(manager, data.testImages());
        Initialisation init = hp.exact() ? Initialisation.PYTORCH_DEFAULT : Initialisation.KAIMING_NORMAL;
        List<EpochMetrics> history = new ArrayList<>(resumeFrom == null ? List.of() : resumeFrom.history());
        int firstEpoch = resumeFrom == null ? 1 : resumeFrom.epoch() + 1;
        try (VaeWeights weights = resumeFrom == null
                ? VaeWeights.initialise(manager, hp.latentDim(), init, hp.seed())
                : VaeWeights.fromValues(manager, hp.latentDim(), resumeFrom.weights());
             AdamOptimizer adam = new AdamOptimizer(weights)) {
            weights.requireGradients();
            if (resumeFrom != null) {
                adam.restore(resumeFrom.tensors(), resumeFrom.adamSteps());
            }
            CourseVae vae = new CourseVae(weights);
            String deviceName = TrainingDevice.describe(device);
            log.accept((resumeFrom == null ? "training " : "resuming ") + run.id() + " on " + deviceName);
            RunStart start = new RunStart(run.id(), hp, deviceName, firstEpoch, List.copyOf(history), keptChanges);
            listeners.forEach(l -> l.runStarted(start));
            publish(new WeightsSnapshot(run.id(), firstEpoch - 1, hp.latentDim(), weights.toValues()));
            for (int e = firstEpoch; e <= hp.epochs(); e++) {
                long started = System.nanoTime();
                double[] trainLoss = trainEpoch(e, vae, adam, trainImages, manager);
                if (trainLoss == null) {
                    return false; // stopped
                }
                double pausedSeconds = trainLoss[2];
                double trainSeconds = (System.nanoTime() - started) / 1e9 - pausedSeconds;
                TestEvaluation.Result test = GradMode.off(() -> TestEvaluation.run(vae, testImages, reads));
                history.add(EpochMetrics.of(e, trainLoss[0], trainLoss[1], test, (long) e * hp.imagesPerEpoch(),
                        (System.nanoTime() - started) / 1e9 - pausedSeconds, hp.imagesPerEpoch() / trainSeconds));
                EpochEnd end = new EpochEnd(run.id(), hp, history, vae, adam);
                listeners.forEach(l -> l.epochDone(end));
                publish(new WeightsSnapshot(run.id(), e, hp.latentDim(), end.weights()));
            }
            return true;
        }
    }

    /**
     * Mean train BCE and KLD per image of the epoch and the seconds it stood paused, or null when stopped
     * part-way. Images/s and the ETA count training time only: a pause used to drag them down for the rest
     * of the epoch. Per batch, nothing crosses between host and device: the epoch's order and eps went up
     * with {@link EpochBatches}, scalars stay on the host ({@link latentlab.model.Scalars}), and the losses
     * come down a few batches at a time ({@link LossReadout}).
     */
    private double[] trainEpoch(int e, CourseVae vae, AdamOptimizer adam, NDArray trainImages, NDManager manager) {
        long imagesBefore = (long) (e - 1) * hp.imagesPerEpoch();
        long total = (long) hp.epochs() * hp.imagesPerEpoch();
        double[] sums = new double[2];
        long started = System.nanoTime();
        long paused = 0;
        LossReadout readout = new LossReadout(lossReadInterval, reads);
        try (EpochBatches batches = new EpochBatches(hp, e, data.trainImages().count(), manager)) {
            for (int b = 1; b <= batches.count(); b++) {
                if (control.holding()) { // about to stand still (a pause, a step done, a stop): report every batch first
                    report(readout.read(), e, batches.count(), imagesBefore, total, started, paused, sums);
                }
                long asked = System.nanoTime();
                if (!control.startBatch(e, b)) {
                    return null;
                }
                paused += System.nanoTime() - asked; // the wait while paused (nothing measurable otherwise)
                List<TuningChange> changes = tuning.applyAt(e, b);
                if (!changes.isEmpty()) {
                    report(readout.read(), e, batches.count(), imagesBefore, total, started, paused, sums);
                    listeners.forEach(l -> l.tuned(changes));
                }
                float klWeight = tuning.klWeight(hp, e, (double) (b - 1) / batches.count());
                float learningRate = (float) tuning.learningRate();
                boolean due;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    EpochBatches.Batch batch = batches.next(trainImages);
                    NDArray losses = TrainingStep.run(vae, adam, batch.pixels(), batch.eps(), klWeight, learningRate);
                    due = readout.add(new LossReadout.Pending(b, batch.size(), batch.imagesDone(), losses));
                }
                if (due || b == batches.count()) {
                    report(readout.read(), e, batches.count(), imagesBefore, total, started, paused, sums);
                }
            }
            return new double[] {sums[0] / batches.images(), sums[1] / batches.images(), paused / 1e9};
        } finally {
            readout.discard();
        }
    }

    /** Adds read batches to the epoch's sums and tells the listeners, batch by batch, in order. */
    private void report(List<LossReadout.Read> done, int e, int batches, long imagesBefore, long total, long started,
                        long paused, double[] sums) {
        for (LossReadout.Read r : done) {
            sums[0] += r.bce();
            sums[1] += r.kld();
            double rate = r.imagesDone() / Math.max((System.nanoTime() - started - paused) / 1e9, 1e-9);
            long runDone = imagesBefore + r.imagesDone();
            BatchProgress progress = new BatchProgress(e, hp.epochs(), r.batch(), batches, runDone, total, rate,
                    (total - runDone) / rate, r.bce() / r.size(), r.kld() / r.size());
            listeners.forEach(l -> l.batchDone(progress));
        }
    }

    private void publish(WeightsSnapshot snapshot) {
        listeners.forEach(l -> l.weightsPublished(snapshot));
    }

    private static NDArray onDevice(NDManager manager, IdxFile.Images images) {
        return manager.create(ByteBuffer.wrap(images.pixels()), VaeArchitecture.images(images.count()), DataType.UINT8);
    }
}
