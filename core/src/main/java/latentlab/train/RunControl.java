package latentlab.train;

import java.util.function.Consumer;

/**
 * Where a training job is and what it has been asked to do: the pause / resume / stop state machine and
 * the batch the loop is at. Other threads ask; the loop obeys between two batches ({@link #startBatch}).
 * Asking twice changes nothing (pausing a paused job, stopping a stopping one). Every change of state is
 * reported once, after the lock is released, to the job's listeners.
 */
public final class RunControl {
    /** The state and the batch in progress (or last done) at one instant, read together. */
    public record Position(TrainingState state, int epoch, int batch) {}

    private final Consumer<TrainingState> changed;
    private TrainingState state = TrainingState.IDLE;
    private boolean started;
    private boolean waiting;
    private int epoch;
    private int batch;
    private int stepBatches;   // batches a step still lets through while paused; EPOCH_STEP: the rest of one epoch
    private int stepEpoch;     // with an epoch step: the epoch it covers (0 until its first batch)
    private static final int EPOCH_STEP = -1;

    /** What one step advances while paused: one batch, or one whole epoch (its test evaluation included). */
    public enum StepUnit { BATCH, EPOCH }

    RunControl(Consumer<TrainingState> changed) {
        this.changed = changed;
    }

    public synchronized TrainingState state() {
        return state;
    }

    public synchronized Position position() {
        return new Position(state, epoch, batch);
    }

    /** Whether the loop will stand still, or end, at its next batch unless a step lets it on (paused or stopping). */
    synchronized boolean holding() {
        return state == TrainingState.PAUSED || state == TrainingState.STOPPING;
    }

    /** Stops the loop before its next batch until {@link #resume}; returns where it stands. */
    public Position pause() {
        return change(TrainingState.RUNNING, TrainingState.PAUSED);
    }

    public Position resume() {
        return change(TrainingState.PAUSED, TrainingState.RUNNING);
    }

    /** Ends the run after the batch in progress; the last finished epoch's checkpoint stays the latest. */
    public Position stop() {
        return change(null, TrainingState.STOPPING);
    }

    /**
     * While paused: lets exactly one more batch run, or the batches of one more epoch (then the epoch's end:
     * test set, pictures, checkpoint), and the run stands paused again. Throws {@link NotPausedException}
     * when it is not paused, or while a step of an epoch is still going.
     */
    public Position step(StepUnit unit) {
        synchronized (this) {
            if (state != TrainingState.PAUSED) {
                throw new NotPausedException("the run is " + state.name().toLowerCase(java.util.Locale.ROOT)
                        + ": pause it first, then step");
            }
            if (stepBatches == EPOCH_STEP) {
                throw new NotPausedException("a step of one epoch is still going (epoch " + stepEpoch + ")");
            }
            if (unit == StepUnit.BATCH) {
                stepBatches++;
            } else {
                stepBatches = EPOCH_STEP;
                stepEpoch = 0;
            }
            notifyAll();
            return new Position(state, epoch, batch);
        }
    }

    /** Under the lock, in startBatch: whether a step lets this batch run although the run is paused. */
    private boolean stepAllows(int epochNumber) {
        if (stepBatches > 0) {
            stepBatches--;
            return true;
        }
        if (stepBatches == EPOCH_STEP) {
            if (stepEpoch == 0) {
                stepEpoch = epochNumber;
            }
            if (epochNumber == stepEpoch) {
                return true;
            }
            stepBatches = 0; // the stepped epoch is done: stand paused again at the next one's first batch
            stepEpoch = 0;
        }
        return false;
    }

    /**
     * Waits until the loop stands still between two batches because it is paused (true), or the run has
     * ended or the time is up (false): the moment a pause has fully taken effect.
     */
    public synchronized boolean awaitHeld(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!(waiting && state == TrainingState.PAUSED)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || started && state == TrainingState.IDLE) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The loop begins (once per job). */
    void begin() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a training job runs once");
            }
            started = true;
            state = TrainingState.RUNNING;
        }
        changed.accept(TrainingState.RUNNING);
    }

    /**
     * Called by the loop before each batch: waits while paused, then records the batch as in progress.
     * False when the job should stop instead (asked to, or its thread interrupted).
     */
    synchronized boolean startBatch(int epochNumber, int batchNumber) {
        while (state == TrainingState.PAUSED && !stepAllows(epochNumber)) {
            waiting = true;
            notifyAll();
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state = TrainingState.STOPPING;
            }
        }
        waiting = false;
        if (state != TrainingState.RUNNING && state != TrainingState.PAUSED) { // PAUSED here: a step lets this batch run
            return false;
        }
        epoch = epochNumber;
        batch = batchNumber;
        return true;
    }

    /** The loop has ended, however it ended. */
    void end() {
        synchronized (this) {
            state = TrainingState.IDLE;
            notifyAll();
        }
        changed.accept(TrainingState.IDLE);
    }

    private Position change(TrainingState from, TrainingState to) {
        Position now;
        synchronized (this) {
            boolean applies = state != TrainingState.IDLE && state != TrainingState.STOPPING && state != to
                    && (from == null || state == from);
            if (!applies) {
                return new Position(state, epoch, batch);
            }
            state = to;
            stepBatches = 0; // resuming or stopping ends a step
            stepEpoch = 0;
            notifyAll();
            now = new Position(state, epoch, batch);
        }
        changed.accept(to);
        return now;
    }
}
