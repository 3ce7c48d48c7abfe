package latentlab.train;

/** A run is over: completed every epoch, stopped part-way, or failed ({@code error} non-null). */
public record RunEnd(String runId, boolean completed, Throwable error) {
    /** How it ended, in the words the run folder and the dashboard use: "completed", "stopped", "failed: …". */
    public String outcome() {
        return error != null ? "failed: " + error.getMessage() : completed ? "completed" : "stopped";
    }
}
