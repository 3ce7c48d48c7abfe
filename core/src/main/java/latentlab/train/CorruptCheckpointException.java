package latentlab.train;

/** A checkpoint file that cannot be trusted; the message names the file and the damage. */
public final class CorruptCheckpointException extends RuntimeException {
    public CorruptCheckpointException(String file, String problem) {
        super("checkpoint " + file + " " + problem);
    }
}
