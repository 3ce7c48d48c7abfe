package latentlab.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.function.Consumer;
import latentlab.explore.ExplorerBusyException;
import latentlab.explore.NoModelException;
import latentlab.json.InvalidFieldException;
import latentlab.json.Json;
import latentlab.train.NoRunInProgressException;
import latentlab.train.RunBusyException;
import latentlab.train.NoUsableCheckpointException;
import latentlab.train.RunFinishedException;
import latentlab.train.UnknownRunException;

/**
 * What each refusal answers, in one place: {@code {"error": "<message>", "field": "<input>"}} with the
 * status its kind means. A bad input is 400 naming the field; an unknown run 404; asking for what the
 * state does not allow (a second run, nothing to pause, nothing to explore, a finished run) 409; the web
 * layer's own refusals ({@link ApiException}: no token, too many requests, …) carry their status.
 */
final class ApiErrors {
    private ApiErrors() {}

    static void install(JavalinConfig config, Consumer<String> log) {
        config.routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            answer(ctx, e.status(), e.getMessage(), e.field());
        });
        config.routes.exception(InvalidFieldException.class, (e, ctx) -> answer(ctx, 400, e.getMessage(), e.field()));
        config.routes.exception(UnknownRunException.class, (e, ctx) -> answer(ctx, 404, "no run " + e.id(), null));
        config.routes.exception(RunBusyException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), null));
        config.routes.exception(RunFinishedException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), null));
        config.routes.exception(NoUsableCheckpointException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), null));
        config.routes.exception(NoRunInProgressException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), null));
        config.routes.exception(latentlab.train.NotPausedException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), "unit"));
        config.routes.exception(NoModelException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), null));
        config.routes.exception(ExplorerBusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            answer(ctx, 503, e.getMessage(), null);
        });
        config.routes.exception(IllegalCharsetNameException.class, (e, ctx) -> badCharset(ctx));
        config.routes.exception(UnsupportedCharsetException.class, (e, ctx) -> badCharset(ctx));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.accept("request " + ctx.method() + " " + ctx.path() + " failed: " + e);
            answer(ctx, 500, "internal error: " + e.getClass().getSimpleName(), null);
        });
    }

    /** The error body, also for refusals made outside a route (the join gate, the rate limit). */
    static void answer(Context ctx, int status, String message, String field) {
        var body = Json.object().put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        Http.json(ctx, status, body);
    }

    private static void badCharset(Context ctx) {
        answer(ctx, 400, "the Content-Type names a character set this server does not know; send UTF-8 JSON", "Content-Type");
    }
}
