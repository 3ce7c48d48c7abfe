package latentlab.data;

/** MNIST is missing, corrupt or unreadable; the message names the file and what to do. */
public final class MnistDataException extends RuntimeException {
    public MnistDataException(String message) {
        super(message);
    }

    public MnistDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
