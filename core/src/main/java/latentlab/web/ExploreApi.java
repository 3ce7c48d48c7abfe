package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import latentlab.data.Mnist;
import latentlab.explore.Explorer;
import latentlab.explore.Interpolation;
import latentlab.explore.LatentMap;
import latentlab.explore.ManifoldGrid;
import latentlab.explore.NoModelException;
import latentlab.json.InvalidFieldException;
import latentlab.json.Json;
import latentlab.json.JsonFields;
import latentlab.live.RunLinks;
import latentlab.render.AnimatedGif;
import latentlab.render.DigitGrid;

/**
 * Decode, encode and interpolate for scripts and the explorer panel (docs/api.md), on the latest
 * published weights or, with {@code ?run=<id>}, a saved run's best checkpoint; and the latent map and
 * manifold of the live model. Every input is checked, and a bad one is a 400 naming the field.
 */
final class ExploreApi {
    static final int MAX_STEPS = 32;
    static final int MAX_SCALE = 8;
    private final Explorer explorer;

    ExploreApi(Explorer explorer) {
        this.explorer = explorer;
    }

    /** GET /api/test-digits/{index}: test digit {@code index} (0–9,999) as a 28 × 28 PNG; MNIST never changes, so cached for good. */
    void testDigit(Context ctx) {
        int count = explorer.testDigits().count();
        int index = JsonFields.wholeNumber(ctx.pathParam("index"), "index", 0, count - 1, 0);
        ctx.header("Cache-Control", EpochFilesApi.IMMUTABLE);
        Http.png(ctx, DigitGrid.png(explorer.testDigits().pixels(index), 1, 1));
    }

    void decode(Context ctx) throws Exception {
        JsonNode body = Http.body(ctx);
        String run = Http.runInQuery(ctx);
        float[] z = JsonFields.vector(body, "z", Http.await(explorer.latentOf(run)), Explorer.Z_LIMIT);
        Http.png(ctx, DigitGrid.png(Http.await(explorer.decodeAll(run, z, 1)), 1, 1));
    }

    void encode(Context ctx) throws Exception {
        JsonNode body = Http.body(ctx);
        String run = Http.runInQuery(ctx);
        Http.await(explorer.latentOf(run)); // no model: 409 before the input is looked at
        ObjectNode answer = Json.object();
        float[][] encoded = Http.await(explorer.encode(run, DigitInput.read(body, "", explorer.testDigits(), answer), 1));
        answer.set("mu", Json.floats(encoded[0]));
        answer.set("logvar", Json.floats(encoded[1]));
        Http.json(ctx, 200, answer);
    }

    /** A strip of decoded steps between two ends (codes, or digits encoded first), as a PNG or a looping GIF. */
    void interpolate(Context ctx) throws Exception {
        JsonNode body = Http.body(ctx);
        String run = Http.runInQuery(ctx);
        int latent = Http.await(explorer.latentOf(run));
        int steps = JsonFields.wholeNumber(body, "steps", 2, MAX_STEPS, 8);
        boolean spherical = JsonFields.bool(body, "spherical", false);
        ObjectNode info = Json.object();
        float[] from = end(body, "from", latent, run, info);
        float[] to = end(body, "to", latent, run, info);
        String format = JsonFields.choice(body, "format", "png", List.of("png", "gif"),
                "\"png\" (a strip) or \"gif\" (an animation)");
        int scale = JsonFields.wholeNumber(body, "scale", 1, MAX_SCALE, 1);
        int delayMs = JsonFields.wholeNumber(body, "delayMs", 20, 10_000, 120);
        float[] pixels = Http.await(explorer.decodeAll(run, Interpolation.path(from, to, steps, spherical), steps));
        ctx.header("X-Interpolation", info.toString());
        if (format.equals("gif")) {
            List<BufferedImage> frames = new ArrayList<>();
            for (int step : Interpolation.pingPong(steps)) {
                frames.add(DigitGrid.image(Arrays.copyOfRange(pixels, step * Mnist.PIXELS, (step + 1) * Mnist.PIXELS), 1, 1, scale));
            }
            ctx.contentType("image/gif").result(AnimatedGif.encode(frames, delayMs));
        } else {
            Http.png(ctx, DigitGrid.encode(DigitGrid.image(pixels, steps, steps, scale)));
        }
    }

    /** The 10,000 test digits' codes (PCA above two dimensions), and the link to the manifold at latent 2. */
    void latentMap(Context ctx) {
        LatentMap map = explorer.map();
        if (map == null) {
            throw new NoModelException("no latent map yet: start a training run first");
        }
        ObjectNode answer = Json.object();
        answer.put("runId", map.runId());
        answer.put("epoch", map.epoch());
        answer.put("latent", map.latent());
        answer.put("method", map.method());
        answer.set("explained", Json.tree(map.explained()));
        var points = answer.putArray("points");
        for (float p : map.points()) {
            points.add(Math.round(p * 1000) / 1000.0);
        }
        var labels = answer.putArray("labels");
        for (byte b : map.labels()) {
            labels.add(b);
        }
        answer.set("mean", Json.tree(map.mean()));
        answer.set("axes", Json.tree(map.axes()));
        answer.put("zLimit", Explorer.Z_LIMIT);
        answer.put("manifold", map.latent() == 2 ? RunLinks.manifold(map.runId(), map.epoch()) : null);
        Http.json(ctx, 200, answer);
    }

    /** Latent 2 only: the decoder's output over a grid of Gaussian quantiles (Kingma and Welling's figure). */
    void manifold(Context ctx) throws Exception {
        String run = Http.runInQuery(ctx);
        int latent = Http.await(explorer.latentOf(run));
        if (latent != 2) {
            throw new InvalidFieldException("latent", "must be 2 for the manifold grid; this model has " + latent);
        }
        int n = JsonFields.wholeNumber(ctx.queryParam("n"), "n", ManifoldGrid.MIN_SIDE, ManifoldGrid.MAX_SIDE, 20);
        Http.png(ctx, Http.await(explorer.manifold(run, n, ManifoldGrid.codes(n), pixels -> DigitGrid.png(pixels, n * n, n))));
    }

    /** One end of an interpolation: a code as it is, or a digit encoded by the model. */
    private float[] end(JsonNode body, String field, int latent, String run, ObjectNode info) throws Exception {
        JsonNode end = body.get(field);
        if (end == null || !end.isObject()) {
            throw new InvalidFieldException(field, "must be an object with testIndex, digit, pixels, drawing or z");
        }
        if (end.has("z")) {
            return JsonFields.vector(end, field + ".z", latent, Explorer.Z_LIMIT);
        }
        float[] pixels = DigitInput.read(end, field + ".", explorer.testDigits(), info.putObject(field));
        return Http.await(explorer.encode(run, pixels, 1))[0];
    }
}
