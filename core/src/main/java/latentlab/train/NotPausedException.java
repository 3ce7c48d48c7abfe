package latentlab.train;

/** A step asked of a run that is not paused, or while a step of an epoch is still going (answered 409). */
public final class NotPausedException extends IllegalStateException {
    public NotPausedException(String message) {
        super(message);
    }
}
