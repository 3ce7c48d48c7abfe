package latentlab.cli;

/** An argument that parsed but makes no sense (an unknown run id, a setting a resume cannot change, …). */
public final class BadArgumentException extends RuntimeException {
    public BadArgumentException(String message) {
        super(message);
    }
}
