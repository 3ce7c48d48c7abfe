package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import latentlab.data.Mnist;
import latentlab.explore.DrawnDigit;
import latentlab.explore.Explorer;
import latentlab.explore.Interpolation;
import latentlab.explore.LatentMap;
import latentlab.render.AnimatedGif;
import latentlab.render.DigitGrid;
import latentlab.train.RunDirectory;

/**
 * Decode, encode and interpolate for scripts and the explorer panel (docs/api.md), on the latest
 * published weights or, with {@code ?run=<id>}, a saved run's best checkpoint. Every input is checked
 * and a bad one is a 400 naming the field.
 */
final class ExploreApi {
    static final int MAX_BODY = 64 * 1024;
    static final double MAX_Z = 10;
    static final int MAX_STEPS = 32;
    static final int MAX_DRAWING_SIDE = 280;
    static final int MAX_SCALE = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Explorer explorer;
    private final SplittableRandom random = new SplittableRandom();

    ExploreApi(Explorer explorer) {
        this.explorer = explorer;
    }

    void decode(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        String run = run(ctx);
        int latent = await(explorer.latentOf(run));
        float[] z = vector(body, "z", latent, MAX_Z);
        float[] pixels = await(explorer.decodeAll(run, z, 1));
        png(ctx, DigitGrid.png(pixels, 1, 1));
    }

    void encode(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        String run = run(ctx);
        await(explorer.latentOf(run));
        ObjectNode answer = JSON.createObjectNode();
        float[] pixels = image(body, answer, "");
        float[][] encoded = await(explorer.encode(run, pixels, 1));
        answer.set("mu", floats(encoded[0]));
        answer.set("logvar", floats(encoded[1]));
        ControlApi.json(ctx, 200, answer);
    }

    void interpolate(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        String run = run(ctx);
        int latent = await(explorer.latentOf(run));
        int steps = integer(body, "steps", 2, MAX_STEPS, 8);
        boolean spherical = body.path("spherical").asBoolean(false);
        if (body.has("spherical") && !body.get("spherical").isBoolean()) {
            throw new ApiException(400, "spherical must be true or false", "spherical");
        }
        ObjectNode info = JSON.createObjectNode();
        float[] from = end(body, "from", latent, run, info);
        float[] to = end(body, "to", latent, run, info);
        String format = body.path("format").asText("png");
        if (body.has("format") && !(body.get("format").isTextual() && (format.equals("png") || format.equals("gif")))) {
            throw new ApiException(400, "format must be \"png\" (a strip) or \"gif\" (an animation)", "format");
        }
        int scale = integer(body, "scale", 1, MAX_SCALE, 1);
        int delayMs = integer(body, "delayMs", 20, 10_000, 120);
        float[] pixels = await(explorer.decodeAll(run, Interpolation.path(from, to, steps, spherical), steps));
        ctx.header("X-Interpolation", info.toString());
        if (format.equals("gif")) {
            ctx.contentType("image/gif").result(AnimatedGif.encode(pingPong(pixels, steps, scale), delayMs));
        } else {
            png(ctx, DigitGrid.encode(DigitGrid.image(pixels, steps, steps, scale)));
        }
    }

    /** Frames there and back again (1 … n … 2), so the loop has no jump. */
    private static java.util.List<java.awt.image.BufferedImage> pingPong(float[] pixels, int steps, int scale) {
        java.util.List<java.awt.image.BufferedImage> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * steps - 2; i++) {
            int step = i < steps ? i : 2 * steps - 2 - i;
            float[] one = java.util.Arrays.copyOfRange(pixels, step * 784, (step + 1) * 784);
            frames.add(DigitGrid.image(one, 1, 1, scale));
        }
        return frames;
    }

    void latentMap(Context ctx) {
        LatentMap map = explorer.map();
        if (map == null) {
            throw new ApiException(409, "no latent map yet: start a training run first");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("runId", map.runId());
        answer.put("epoch", map.epoch());
        answer.put("latent", map.latent());
        answer.put("method", map.method());
        answer.set("explained", JSON.valueToTree(map.explained()));
        ArrayNode points = answer.putArray("points");
        for (float p : map.points()) {
            points.add(Math.round(p * 1000) / 1000.0);
        }
        ArrayNode labels = answer.putArray("labels");
        for (byte b : map.labels()) {
            labels.add(b);
        }
        answer.set("mean", JSON.valueToTree(map.mean()));
        answer.set("axes", JSON.valueToTree(map.axes()));
        ControlApi.json(ctx, 200, answer);
    }

    /** Latent 2 only: the decoder's output over a grid of Gaussian quantiles (Kingma and Welling's figure). */
    void manifold(Context ctx) throws Exception {
        String run = run(ctx);
        int latent = await(explorer.latentOf(run));
        if (latent != 2) {
            throw new ApiException(400, "the manifold grid needs a 2-D latent space; this model has " + latent, "latent");
        }
        int n = queryInt(ctx, "n", 2, 30, 20);
        float[] z = new float[n * n * 2];
        org.apache.commons.math3.distribution.NormalDistribution normal = new org.apache.commons.math3.distribution.NormalDistribution();
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                int i = row * n + col;
                z[i * 2] = (float) normal.inverseCumulativeProbability((col + 0.5) / n);
                z[i * 2 + 1] = (float) normal.inverseCumulativeProbability(1 - (row + 0.5) / n);
            }
        }
        png(ctx, DigitGrid.png(await(explorer.decodeAll(run, z, n * n)), n * n, n));
    }

    private float[] end(JsonNode body, String field, int latent, String run, ObjectNode info) throws Exception {
        JsonNode end = body.get(field);
        if (end == null || !end.isObject()) {
            throw new ApiException(400, field + " must be an object with testIndex, digit, pixels, drawing or z", field);
        }
        if (end.has("z")) {
            return vector(end, "z", latent, MAX_Z, field + ".z");
        }
        float[] pixels = image(end, info.putObject(field), field + ".");
        return await(explorer.encode(run, pixels, 1))[0];
    }

    /** 784 pixels from testIndex, digit (a random test image of that class), pixels or drawing + side. */
    private float[] image(JsonNode node, ObjectNode info, String prefix) {
        int given = (node.has("testIndex") ? 1 : 0) + (node.has("digit") ? 1 : 0) + (node.has("pixels") ? 1 : 0)
                + (node.has("drawing") ? 1 : 0);
        if (given != 1) {
            throw new ApiException(400, prefix + "give exactly one of testIndex, digit, pixels or drawing",
                    prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1));
        }
        var test = explorer.data().testImages();
        int index;
        if (node.has("testIndex")) {
            index = integer(node, "testIndex", 0, test.count() - 1, -1, prefix + "testIndex");
        } else if (node.has("digit")) {
            int digit = integer(node, "digit", 0, 9, -1, prefix + "digit");
            index = randomIndexOf(digit);
        } else if (node.has("pixels")) {
            return vectorIn01(node, "pixels", 784, prefix + "pixels");
        } else {
            int side = integer(node, "side", 8, MAX_DRAWING_SIDE, -1, prefix + "side");
            float[] drawing = vectorIn01(node, "drawing", side * side, prefix + "drawing");
            float[] digit = DrawnDigit.toMnist(drawing, side);
            info.set("pixels", floats(digit));
            return digit;
        }
        info.put("testIndex", index);
        info.put("label", explorer.data().testLabels()[index]);
        return Mnist.scaled(test, index, 1);
    }

    private int randomIndexOf(int digit) {
        byte[] labels = explorer.data().testLabels();
        int start;
        synchronized (random) {
            start = random.nextInt(labels.length);
        }
        for (int k = 0; k < labels.length; k++) {
            int i = (start + k) % labels.length;
            if (labels[i] == digit) {
                return i;
            }
        }
        throw new ApiException(400, "no test image of digit " + digit, "digit");
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.length() > MAX_BODY) {
            throw new ApiException(400, "body is too large (" + text.length() + " bytes; at most " + MAX_BODY + ")", "body");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "body must be a JSON object", "body");
            }
            return node;
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiException(400, "body is not valid JSON", "body");
        }
    }

    private static String run(Context ctx) {
        String run = ctx.queryParam("run");
        if (run != null && (!RunDirectory.RUN_ID.matcher(run).matches() || run.contains(".."))) {
            throw new ApiException(400, "run id \"" + run + "\" is not valid", "run");
        }
        return run;
    }

    private static float[] vector(JsonNode body, String field, int length, double limit) {
        return vector(body, field, length, limit, field);
    }

    private static float[] vector(JsonNode body, String field, int length, double limit, String name) {
        JsonNode array = body.get(field);
        if (array == null || !array.isArray()) {
            throw new ApiException(400, name + " must be an array of " + length + " numbers", name);
        }
        if (array.size() != length) {
            throw new ApiException(400, name + " must have " + length + " values (the latent dimension), got " + array.size(), name);
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || Math.abs(v.asDouble()) > limit) {
                throw new ApiException(400, name + "[" + i + "] must be a number in [-" + (int) limit + ", " + (int) limit + "], got " + v, name);
            }
            values[i] = (float) v.asDouble();
        }
        return values;
    }

    private static float[] vectorIn01(JsonNode body, String field, int length, String name) {
        JsonNode array = body.get(field);
        if (array == null || !array.isArray() || array.size() != length) {
            throw new ApiException(400, name + " must be an array of " + length + " numbers in [0, 1]", name);
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 1)) {
                throw new ApiException(400, name + "[" + i + "] must be a number in [0, 1], got " + v, name);
            }
            values[i] = (float) v.asDouble();
        }
        return values;
    }

    /** A whole-number query parameter in [min, max], or {@code fallback} when absent; else a 400 naming it. */
    static int queryInt(Context ctx, String name, int min, int max, int fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name + " must be a whole number " + min + "-" + max + ", got \"" + truncate(text) + "\"", name);
    }

    private static String truncate(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private static int integer(JsonNode body, String field, int min, int max, int fallback) {
        return integer(body, field, min, max, fallback, field);
    }

    private static int integer(JsonNode body, String field, int min, int max, int fallback, String name) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (fallback < 0) { // no default: the field is required
                throw new ApiException(400, name + " is required", name);
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new ApiException(400, name + " must be a whole number " + min + "-" + max + ", got " + v, name);
        }
        return v.asInt();
    }

    private static ArrayNode floats(float[] values) {
        ArrayNode array = JSON.createArrayNode();
        for (float v : values) {
            array.add(v);
        }
        return array;
    }

    private static void png(Context ctx, byte[] png) {
        ctx.contentType("image/png").result(png);
    }

    /** Waits for the explorer thread; its refusals become API errors. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Explorer.NoModelException) {
                throw new ApiException(409, cause.getMessage());
            }
            if (cause instanceof IllegalArgumentException) {
                throw new ApiException(cause.getMessage() != null && cause.getMessage().startsWith("run id") ? 400 : 404,
                        cause.getMessage(), "run");
            }
            throw e;
        }
    }
}
