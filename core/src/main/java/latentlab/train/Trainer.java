package latentlab.train;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import latentlab.data.Mnist;

/**
 * Runs at most one training job at a time, each on its own thread, for the server: start a new run,
 * resume a saved one, and pass pause / resume / stop to the job in progress. Every job reports to the
 * same listeners (the live hub).
 */
public final class Trainer {
    private final Mnist data;
    private final Path models;
    private final Device device;
    private final Consumer<String> log;
    private final List<TrainingListener> listeners;
    private TrainingJob current;
    private Thread thread;

    public Trainer(Mnist data, Path models, Device device, List<TrainingListener> listeners, Consumer<String> log) {
        this.data = data;
        this.models = models;
        this.device = device;
        this.listeners = List.copyOf(listeners);
        this.log = log;
    }

    public Path models() {
        return models;
    }

    public Device device() {
        return device;
    }

    /** Starts a new run; throws {@link BusyException} while another is in progress. */
    public synchronized String start(Hyperparameters hp) throws IOException {
        requireIdle();
        RunDirectory run = RunDirectory.create(models, hp);
        launch(new TrainingJob(data, run, hp, device, null, log));
        return run.id();
    }

    /**
     * Continues a saved run from its last good checkpoint, optionally to a new total of epochs.
     * Throws IllegalArgumentException for an unknown id or a run with nothing left to train.
     */
    public synchronized String resume(String runId, Integer epochs) throws IOException {
        requireIdle();
        RunDirectory run = RunDirectory.open(models, runId);
        Hyperparameters hp = run.config();
        if (epochs != null) {
            hp = hp.withEpochs(epochs);
        }
        Optional<Checkpoint> checkpoint = run.loadLatestCheckpoint(w -> log.accept("warning: " + w));
        if (checkpoint.isPresent() && checkpoint.get().epoch() >= hp.epochs()) {
            throw new IllegalArgumentException("run " + runId + " already finished its " + hp.epochs()
                    + " epochs; give \"epochs\" above " + checkpoint.get().epoch() + " to train on");
        }
        run.writeConfig(hp);
        launch(new TrainingJob(data, run, hp, device, checkpoint.orElse(null), log));
        return run.id();
    }

    /** The job in progress, if any. */
    public synchronized Optional<TrainingJob> current() {
        return current != null && current.state() != TrainingState.IDLE || thread != null && thread.isAlive()
                ? Optional.ofNullable(current) : Optional.empty();
    }

    /** Stops the job in progress and waits for its thread to end (server shutdown). */
    public void shutdown(long waitMillis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            if (current != null) {
                current.stop();
            }
            t = thread;
        }
        if (t != null) {
            t.join(waitMillis);
        }
    }

    private void requireIdle() {
        if (current().isPresent()) {
            throw new BusyException("run " + current.runId() + " is " + current.state().name().toLowerCase()
                    + "; stop it first");
        }
    }

    private void launch(TrainingJob job) {
        listeners.forEach(job::addListener);
        current = job;
        thread = new Thread(() -> {
            BackgroundPriority.lowerCurrentThread(); // sliders and viewers first, training takes the rest
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                log.accept("run " + job.runId() + " failed: " + e.getMessage());
            }
        }, "training-" + job.runId());
        thread.setDaemon(true);
        thread.start();
    }

    /** Another run is in progress. */
    public static final class BusyException extends IllegalStateException {
        public BusyException(String message) {
            super(message);
        }
    }
}
