package latentlab.train;

/**
 * How a {@link TrainingJob} reports; every method is called on the job's thread, so an implementation
 * must return quickly (hand the event to another thread if it does real work).
 */
public interface TrainingListener {
    default void runStarted(RunStart start) {}

    default void batchDone(BatchProgress progress) {}

    default void epochDone(EpochMetrics metrics, EpochImages images) {}

    default void stateChanged(TrainingState state) {}

    /** Weights to explore: at the start of a run and after each epoch. */
    default void weightsPublished(WeightsSnapshot snapshot) {}

    /** The run is over: completed, stopped, or failed ({@code error} non-null). */
    default void runEnded(String runId, boolean completed, Throwable error) {}
}
