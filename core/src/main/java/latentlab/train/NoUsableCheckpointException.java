package latentlab.train;

/**
 * A run asked to resume has epochs recorded but no checkpoint that reads cleanly (damaged, truncated by
 * a full disk, deleted): resuming would silently start it again from epoch 1, so it is refused instead.
 */
public final class NoUsableCheckpointException extends IllegalStateException {
    public NoUsableCheckpointException(String id, int epochsRecorded) {
        super("run " + id + " has " + epochsRecorded + " epoch" + (epochsRecorded == 1 ? "" : "s")
                + " recorded but no checkpoint that reads cleanly (see the server's log for each file's fault); "
                + "it cannot be resumed: start a new run with its settings");
    }
}
