package latentlab.explore;

/** Nothing to explore (yet): no run has published weights, or a saved run has no checkpoint. */
public final class NoModelException extends IllegalStateException {
    public NoModelException(String message) {
        super(message);
    }
}
