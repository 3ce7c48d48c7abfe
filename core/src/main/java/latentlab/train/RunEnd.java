package latentlab.train;

import java.nio.file.Path;

/**
 * A run is over: completed every epoch, stopped part-way, or failed ({@code error} non-null). {@code models}
 * is the folder its run lives in, so the reason for a failure names files relative to it.
 */
public record RunEnd(String runId, boolean completed, Throwable error, Path models) {
    /** How it ended, in the words the run folder and the dashboard use: "completed", "stopped", "failed: …". */
    public String outcome() {
        return error != null ? "failed: " + ServerPaths.hidden(error.getMessage(), models) : completed ? "completed" : "stopped";
    }
}
