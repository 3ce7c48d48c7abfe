package latentlab.train;

/** Something offered as a run id that cannot be one ({@link RunId}). */
public final class InvalidRunIdException extends IllegalArgumentException {
    public InvalidRunIdException(String id) {
        super("run id \"" + id + "\" is not valid (letters, digits, . _ - only)");
    }
}
