package latentlab.explore;

/** The explorer has {@link Explorer#MAX_WAITING} requests waiting already: try again shortly (HTTP 503). */
public final class ExplorerBusyException extends IllegalStateException {
    public ExplorerBusyException(String message) {
        super(message);
    }
}
