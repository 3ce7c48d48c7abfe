package latentlab.train;

/** Where a training job is. {@code STOPPING}: asked to stop, finishing its current batch. */
public enum TrainingState {
    IDLE, RUNNING, PAUSED, STOPPING
}
