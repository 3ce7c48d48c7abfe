package latentlab.train;

/** Pause, resume or stop asked of the server while nothing trains. */
public final class NoRunInProgressException extends IllegalStateException {
    public NoRunInProgressException() {
        super("no run in progress");
    }
}
