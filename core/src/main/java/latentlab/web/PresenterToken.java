package latentlab.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The secret that makes a browser the presenter. Compared in constant time, never logged to viewers. */
public final class PresenterToken {
    private final String value;

    private PresenterToken(String value) {
        this.value = value;
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
        if (offered == null) {
            throw new ApiException(401, "control needs the presenter token: Authorization: Bearer <token>");
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
