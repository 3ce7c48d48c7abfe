package latentlab.train;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import latentlab.data.Mnist;

/**
 * The server's runs: starts a new one or resumes a saved one, each on a thread of its own, at most one
 * at a time, and owns the one in progress. Every job reports to the same listeners (the live hub, the
 * explorer).
 */
public final class RunSupervisor {
    private static final long ENDING_WAIT_MILLIS = 10_000;
    private final Mnist data;
    private final Path models;
    private final Device device;
    private final Consumer<String> log;
    private final List<TrainingListener> listeners;
    private TrainingJob current;
    private Thread thread;

    public RunSupervisor(Mnist data, Path models, Device device, List<TrainingListener> listeners, Consumer<String> log) {
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

    /** Starts a new run; throws {@link RunBusyException} while another is in progress. */
    public String start(Hyperparameters hp) throws IOException {
        awaitEndingThread();
        synchronized (this) {
            requireIdle();
            RunDirectory run = RunDirectory.create(models, hp);
            launch(new TrainingJob(data, run, hp, device, null, log));
            return run.id();
        }
    }

    /**
     * Continues a saved run from its last good checkpoint, optionally to a new total of epochs; throws as
     * {@link Resumption#prepare} does, and {@link RunBusyException} while another run is in progress.
     */
    public String resume(String runId, Integer epochs) throws IOException {
        awaitEndingThread();
        synchronized (this) {
            requireIdle();
            Resumption resumption = Resumption.prepare(models, runId, epochs, w -> log.accept("warning: " + w));
            launch(resumption.job(data, device, log));
            return resumption.run().id();
        }
    }

    /** Deletes a saved run; {@link RunBusyException} for the one training now (stop it first). */
    public synchronized void delete(String runId) throws IOException {
        RunDirectory run = RunDirectory.open(models, runId);
        Optional<TrainingJob> busy = current();
        if (busy.isPresent() && busy.get().runId().equals(run.id())) {
            throw new RunBusyException(run.id(), busy.get().control().state());
        }
        run.delete();
        log.accept("deleted run " + run.id());
    }

    /** The job in progress, if any. */
    public synchronized Optional<TrainingJob> current() {
        return current != null && current.control().state() != TrainingState.IDLE || thread != null && thread.isAlive()
                ? Optional.ofNullable(current) : Optional.empty();
    }

    /** The job in progress, or {@link NoRunInProgressException}. */
    public TrainingJob requireCurrent() {
        return current().orElseThrow(NoRunInProgressException::new);
    }

    /** Stops the job in progress and waits for its thread to end (server shutdown). */
    public void shutdown(long waitMillis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            if (current != null) {
                current.control().stop();
            }
            t = thread;
        }
        if (t != null) {
            t.join(waitMillis);
        }
    }

    /**
     * A run that has said "idle" has written its files but its thread may not have returned yet: a start
     * pressed at that moment waits for it (briefly, outside the lock) instead of answering 409.
     */
    private void awaitEndingThread() {
        Thread ending;
        synchronized (this) {
            ending = current != null && current.control().state() == TrainingState.IDLE ? thread : null;
        }
        if (ending != null) {
            try {
                ending.join(ENDING_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void requireIdle() {
        Optional<TrainingJob> busy = current();
        if (busy.isPresent()) {
            throw new RunBusyException(busy.get().runId(), busy.get().control().state());
        }
    }

    private void launch(TrainingJob job) {
        listeners.forEach(job::addListener);
        current = job;
        thread = new Thread(() -> {
            if (!device.isGpu()) {
                BackgroundPriority.lowerCurrentThread(); // CPU: sliders and viewers first, training takes the rest
            }
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                log.accept("run " + job.runId() + " failed: " + e.getMessage());
            }
        }, "training-" + job.runId());
        thread.setDaemon(true);
        thread.start();
    }
}
