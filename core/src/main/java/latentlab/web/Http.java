package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import latentlab.json.Json;
import latentlab.train.InvalidRunIdException;
import latentlab.train.RunDirectory;
import latentlab.train.RunId;

/** The web layer's toolkit: JSON in and out, the run a request names, waiting for the explorer. */
final class Http {
    /** Explore and join bodies are small; anything bigger is refused before it is parsed. */
    static final int MAX_BODY = 64 * 1024;

    private Http() {}

    /** Answers with a JSON body: a tree, or any record or value Jackson can write. */
    static void json(Context ctx, int status, Object body) {
        JsonNode tree = body instanceof JsonNode node ? node : Json.tree(body);
        ctx.status(status).contentType("application/json").result(tree.toString());
    }

    static void png(Context ctx, byte[] png) {
        ctx.contentType("image/png").result(png);
    }

    /** The request's body as a JSON object (blank: the empty object); 400 naming {@code body} otherwise. */
    static ObjectNode body(Context ctx) {
        String text = ctx.body();
        if (text.length() > MAX_BODY) {
            throw new ApiException(400, "body is too large (" + text.length() + " bytes; at most " + MAX_BODY + ")", "body");
        }
        return Json.parseObject(text);
    }

    /** The run named in the path ({@code {id}}): 400 for a malformed id, 404 (via the domain) for an unknown one. */
    static RunDirectory runInPath(Context ctx, Path models) {
        String id = ctx.pathParam("id");
        if (!RunId.isValid(id)) {
            throw new ApiException(400, new InvalidRunIdException(id).getMessage(), "id");
        }
        return RunDirectory.open(models, id);
    }

    /** The run named by {@code ?run=}, or null for the live model. */
    static String runInQuery(Context ctx) {
        String id = ctx.queryParam("run");
        if (id != null && !RunId.isValid(id)) {
            throw new ApiException(400, new InvalidRunIdException(id).getMessage(), "run");
        }
        return id;
    }

    /** How long a request waits for the explorer; then it is answered 503 and its work, if not started, dropped. */
    static final long EXPLORER_WAIT_SECONDS = 10;

    /** Waits for the explorer; what it refuses is thrown as itself, for {@link ApiErrors} to answer. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(EXPLORER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(false); // not started yet: the explorer skips it
            throw ApiException.tooMany(503, "the explorer did not answer within " + EXPLORER_WAIT_SECONDS + " s; try again", null, 1_000);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
