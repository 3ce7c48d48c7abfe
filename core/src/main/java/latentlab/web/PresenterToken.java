package latentlab.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that makes a browser the presenter. Compared in constant time, never logged to viewers.
 * Scripts send it as {@code Authorization: Bearer}; the presenter's browser holds instead an HttpOnly,
 * SameSite=Strict cookie with a pass derived from it ({@link PresenterLink} hands it out), so the token
 * itself never sits in an address bar or the browser's history. A request that proves itself by the
 * cookie must come from this server's own pages (its Origin, when sent, is this server): SameSite does
 * not tell ports apart, so a page on another port of the same host would otherwise ride on it.
 */
public final class PresenterToken {
    static final String COOKIE = "latentlab_presenter";
    private final String value;
    private final String pass;

    private PresenterToken(String value) {
        this.value = value;
        this.pass = derivePass(value);
    }

    /** A one-way function of the token: the cookie reveals nothing of it, and stays valid as long as the token does. */
    private static String derivePass(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("latent-lab presenter pass\n" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java has SHA-256
        }
    }

    /** The presenter cookie's value. */
    String pass() {
        return pass;
    }

    /** Whether this request carries the presenter cookie (its Origin is checked by the caller where it matters). */
    boolean hasPresenterCookie(io.javalin.http.Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        return cookie != null && MessageDigest.isEqual(pass.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8));
    }

    /** The bearer token or the presenter cookie from one of this server's pages. */
    boolean isPresenter(io.javalin.http.Context ctx) {
        String offered = fromBearer(ctx.header("Authorization"));
        if (offered != null) {
            return matches(offered);
        }
        return hasPresenterCookie(ctx) && fromOwnPage(ctx);
    }

    private static boolean fromOwnPage(io.javalin.http.Context ctx) {
        String origin = ctx.header("Origin");
        return origin == null || LiveSocket.sameOrigin(origin, ctx.header("Host"));
    }

    /** A fresh 128-bit random token, URL-safe. */
    public static PresenterToken generate() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return new PresenterToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A token chosen by the operator ({@code --token}); at least 8 characters of [A-Za-z0-9_-]. */
    public static PresenterToken of(String chosen) {
        if (chosen == null || !chosen.matches("[A-Za-z0-9_-]{8,128}")) {
            throw new IllegalArgumentException("--token must be 8-128 characters of letters, digits, _ or -");
        }
        return new PresenterToken(chosen);
    }

    public String value() {
        return value;
    }

    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Lets the request through only with this token: 401 without one, 403 with another; nothing else happens. */
    void require(io.javalin.http.Context ctx) {
        String offered = fromBearer(ctx.header("Authorization"));
        if (offered == null && hasPresenterCookie(ctx)) {
            if (!fromOwnPage(ctx)) {
                throw new ApiException(403, "a control request from another page (Origin " + ctx.header("Origin")
                        + ") is refused; control from the dashboard itself");
            }
            return;
        }
        if (offered == null) {
            throw new ApiException(401, "control needs the presenter token: Authorization: Bearer <token>"
                    + " (or the presenter's page, opened from the presenter link)");
        }
        if (!matches(offered)) {
            throw new ApiException(403, "the presenter token is wrong; viewers cannot control training");
        }
    }

    /** The token from an {@code Authorization: Bearer <token>} header, or null. */
    public static String fromBearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
