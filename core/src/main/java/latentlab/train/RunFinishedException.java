package latentlab.train;

/** A run asked to resume has trained all its epochs; a larger total is needed to train on. */
public final class RunFinishedException extends IllegalStateException {
    private final int epochs;
    private final int done;

    public RunFinishedException(String id, int epochs, int done) {
        super("run " + id + " already finished its " + epochs + " epochs; give \"epochs\" above " + done + " to train on");
        this.epochs = epochs;
        this.done = done;
    }

    public int epochs() {
        return epochs;
    }

    public int done() {
        return done;
    }
}
