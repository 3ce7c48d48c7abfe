package latentlab.train;

import java.io.IOException;

/** A run's own file cannot be read as what it should hold (truncated, emptied, bad bytes): names the run and the file. */
public final class DamagedRunException extends IOException {
    private final String runId;
    private final String problem;

    public DamagedRunException(String runId, String problem) {
        super("run " + runId + " is damaged: " + problem);
        this.runId = runId;
        this.problem = problem;
    }

    public String runId() {
        return runId;
    }

    /** What is wrong, naming the file relative to the run's folder. */
    public String problem() {
        return problem;
    }
}
