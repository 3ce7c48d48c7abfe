package latentlab.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The presenter's link: {@code /presenter/<code>}, good once. Opening it sets the presenter cookie
 * (HttpOnly, SameSite=Strict; {@link PresenterToken}) and redirects to the dashboard, so what stays in
 * the browser's history is a spent code, never the token ({@code /?token=…} was in Chromium's History
 * database although the page took it out of the address bar). Each use makes the next code, and the
 * server's log prints the fresh link for the next browser.
 */
final class PresenterLink {
    static final String ROUTE = "/presenter/{code}";
    private final PresenterToken token;
    private final Supplier<String> base;
    private final Consumer<String> log;
    private String code;

    PresenterLink(PresenterToken token, Supplier<String> base, Consumer<String> log) {
        this.token = token;
        this.base = base;
        this.log = log;
        this.code = freshCode();
    }

    /** The link that works now. */
    synchronized String url() {
        return base.get() + "presenter/" + code;
    }

    /** GET /presenter/{code}: the right code becomes the cookie and a redirect to the dashboard; any other is refused. */
    void open(Context ctx) {
        String offered = ctx.pathParam("code");
        String next;
        synchronized (this) {
            if (!MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "this presenter link was used already (each works once): the server's"
                        + " terminal shows the next one; or open the dashboard with the token");
            }
            code = freshCode();
            next = url();
        }
        ctx.cookie(new Cookie(PresenterToken.COOKIE, token.pass(), "/", -1, false, true, null, SameSite.STRICT));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
        log.accept("the presenter link was opened (from " + ctx.ip() + "); the next one-time presenter link: " + next);
    }

    private static String freshCode() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
