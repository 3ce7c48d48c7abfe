package latentlab.live;

/**
 * The addresses of a run's resources (and of its resume action), stated once: the server declares its routes with the patterns below
 * and every message carries the links made from them, so the browser never builds an address itself.
 * {@code samples}, {@code reconstructions}, {@code decoder}, {@code codes} and {@code weights} hold an
 * {@code {epoch}} for the page to fill in (the replay scrubber shows any epoch). An epoch's decoder, codes
 * and weights are safetensors files that never change (docs/api.md). Run ids are plain [A-Za-z0-9._-]
 * names, safe in a path as they are.
 */
public record RunLinks(String samples, String reconstructions, String metricsCsv, String replayGif, String resume,
                       String decoder, String codes, String weights, String manifold) {
    public static final String RUN_ROUTE = "/api/runs/{id}";
    public static final String IMAGE_ROUTE = RUN_ROUTE + "/images/{epoch}/{kind}";
    public static final String METRICS_ROUTE = RUN_ROUTE + "/metrics.csv";
    public static final String REPLAY_ROUTE = RUN_ROUTE + "/replay.gif";
    public static final String RESUME_ROUTE = RUN_ROUTE + "/resume";
    public static final String EPOCH_ROUTE = RUN_ROUTE + "/epochs/{epoch}/{file}";
    public static final String DECODER_FILE = "decoder.safetensors";
    public static final String CODES_FILE = "codes.safetensors";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    public static final String EPOCH = "{epoch}";

    /** The links of one run, or null for none. */
    public static RunLinks of(String runId) {
        if (runId == null) {
            return null;
        }
        return new RunLinks(image(runId, EPOCH, "samples"), image(runId, EPOCH, "reconstructions"),
                fill(METRICS_ROUTE, runId), fill(REPLAY_ROUTE, runId), fill(RESUME_ROUTE, runId),
                epochFile(runId, EPOCH, DECODER_FILE), epochFile(runId, EPOCH, CODES_FILE), epochFile(runId, EPOCH, WEIGHTS_FILE),
                manifold(runId, EPOCH));
    }

    /** One epoch's file: {@link #DECODER_FILE}, {@link #CODES_FILE} or {@link #WEIGHTS_FILE}. */
    public static String epochFile(String runId, int epoch, String file) {
        return epochFile(runId, String.valueOf(epoch), file);
    }

    private static String epochFile(String runId, String epoch, String file) {
        return fill(EPOCH_ROUTE, runId).replace("{epoch}", epoch).replace("{file}", file);
    }

    /** The picture of the decoder across the 2-D latent plane for one epoch (latent 2 only). */
    public static String manifold(String runId, int epoch) {
        return manifold(runId, String.valueOf(epoch));
    }

    private static String manifold(String runId, String epoch) {
        return "/api/manifold?n=20&run=" + runId + "&epoch=" + epoch;
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
