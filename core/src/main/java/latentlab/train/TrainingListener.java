package latentlab.train;

/**
 * How a {@link TrainingJob} reports (DJL's shape: one hook interface, focused implementations). Every
 * method but {@link #stateChanged} is called on the job's thread, in the order the listeners were added,
 * so an implementation must return quickly (hand the event to another thread if it does real work). The
 * job's own listeners come first ({@link DivergenceCheck}, {@link EpochPictures}, {@link RunRecorder}): when
 * anyone else hears of an epoch, its pictures and checkpoint are on disk. A listener that throws ends the
 * run as failed.
 */
public interface TrainingListener {
    default void runStarted(RunStart start) {}

    default void batchDone(BatchProgress progress) {}

    default void epochDone(EpochEnd epoch) {}

    /** Called on the thread that changed the state (a pause comes from whoever asked for it). */
    default void stateChanged(TrainingState state) {}

    /** β or the learning rate changed while the run trains: the changes, from the batch about to run. */
    default void tuned(java.util.List<TuningChange> changes) {}

    /** Weights to explore: at the start of a run and after each epoch. */
    default void weightsPublished(WeightsSnapshot snapshot) {}

    default void runEnded(RunEnd end) {}
}
