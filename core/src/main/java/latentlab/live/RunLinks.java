package latentlab.live;

/**
 * The addresses of a run's resources (and of its resume action), stated once: the server declares its routes with the patterns below
 * and every message carries the links made from them, so the browser never builds an address itself.
 * {@code samples} and {@code reconstructions} hold an {@code {epoch}} for the page to fill in (the replay
 * scrubber shows any epoch). Run ids are plain [A-Za-z0-9._-] names, safe in a path as they are.
 */
public record RunLinks(String samples, String reconstructions, String metricsCsv, String replayGif, String resume) {
    public static final String RUN_ROUTE = "/api/runs/{id}";
    public static final String IMAGE_ROUTE = RUN_ROUTE + "/images/{epoch}/{kind}";
    public static final String METRICS_ROUTE = RUN_ROUTE + "/metrics.csv";
    public static final String REPLAY_ROUTE = RUN_ROUTE + "/replay.gif";
    public static final String RESUME_ROUTE = RUN_ROUTE + "/resume";
    public static final String EPOCH = "{epoch}";

    /** The links of one run, or null for none. */
    public static RunLinks of(String runId) {
        if (runId == null) {
            return null;
        }
        return new RunLinks(image(runId, EPOCH, "samples"), image(runId, EPOCH, "reconstructions"),
                fill(METRICS_ROUTE, runId), fill(REPLAY_ROUTE, runId), fill(RESUME_ROUTE, runId));
    }

    /** One epoch's picture: kind samples or reconstructions. */
    public static String image(String runId, int epoch, String kind) {
        return image(runId, String.valueOf(epoch), kind);
    }

    private static String image(String runId, String epoch, String kind) {
        return fill(IMAGE_ROUTE, runId).replace("{epoch}", epoch).replace("{kind}", kind + ".png");
    }

    private static String fill(String route, String runId) {
        return route.replace("{id}", runId);
    }
}
