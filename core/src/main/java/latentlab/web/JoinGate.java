package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import latentlab.json.Json;

/**
 * The optional join PIN (serve --pin). Without it, or the presenter token, a browser gets the page but
 * none of the class's data: no API beyond {@code /api/access} and {@code /api/join}, no WebSocket. The
 * right PIN buys an HttpOnly cookie holding a pass derived from the class's kept secret (never the PIN itself). Wrong
 * guesses are limited per address ({@link #GUESSES_PER_MINUTE}) and across all addresses
 * ({@link #WRONG_GUESSES_PER_HOUR}, so even a 4-digit PIN takes days to try through from many addresses);
 * only wrong guesses are charged, so a class behind one school address, typing the right PIN, always joins.
 * While a limit is spent every guess is refused, right or wrong: otherwise the answer would tell.
 */
final class JoinGate {
    static final String COOKIE = "latentlab_join";
    static final int GUESSES_PER_MINUTE = 10;
    private final String pin;
    private final PresenterToken token;
    private final String pass;
    private final String link; // the QR code's secret: too long to guess, so it is never rate limited
    static final int WRONG_GUESSES_PER_HOUR = 100;
    private static final String EVERYONE = "";
    private final KeyedRateLimiter guesses = new KeyedRateLimiter(GUESSES_PER_MINUTE / 2, Duration.ofSeconds(30));
    private final KeyedRateLimiter allGuesses = new KeyedRateLimiter(WRONG_GUESSES_PER_HOUR / 2, Duration.ofMinutes(30));

    /**
     * {@code pin} null: the class is open to anyone who has the link. The join pass (the cookie) and the
     * join link are derived one-way from {@code secret} and the PIN: kept secrets keep joined pages joined
     * across a restart ({@link ClassroomSecrets}), and a new PIN shuts out the pages the old one let in.
     */
    JoinGate(String pin, PresenterToken token, String secret) {
        this.pin = pin;
        this.token = token;
        this.pass = derive("latent-lab join pass", secret, pin, 24);
        this.link = derive("latent-lab join link", secret, pin, 18);
    }

    private static String derive(String purpose, String secret, String pin, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((purpose + "\n" + secret + "\n" + pin).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java has SHA-256
        }
    }

    /**
     * The secret of the join link (the QR code's {@code ?join=…}): 144 random bits instead of the PIN, so a
     * page opened from it joins even while guessing from the network has spent the PIN's limits.
     */
    String link() {
        return link;
    }

    boolean pinRequired() {
        return pin != null;
    }

    String pin() {
        return pin;
    }

    /** GET /api/access: whether this browser must still enter the PIN. */
    void access(Context ctx) {
        Http.json(ctx, 200, Json.object().put("pinRequired", pinRequired()).put("joined", admits(ctx)));
    }

    /** POST /api/join {"pin": "…"}, {"link": "…"} (the QR code's) or {"token": "…"} (the presenter's own page). */
    void join(Context ctx) {
        if (!pinRequired()) {
            Http.json(ctx, 200, Json.object().put("joined", true));
            return;
        }
        JsonNode body = Http.body(ctx);
        JsonNode offeredLink = body.get("link");
        if (offeredLink != null && offeredLink.isTextual() && constantTimeEquals(link, offeredLink.asText())) {
            admit(ctx);
            return;
        }
        long waitMillis = guesses.waitFor(ctx.ip());
        if (waitMillis > 0) {
            throw ApiException.tooMany("too many wrong PINs from your address; wait " + (waitMillis + 999) / 1000
                    + " s before entering the PIN again", "pin", waitMillis);
        }
        long everyoneWaits = allGuesses.waitFor(EVERYONE);
        if (everyoneWaits > 0) {
            throw ApiException.tooMany("too many wrong PINs from the whole network (someone is guessing); wait "
                    + (everyoneWaits + 999) / 1000 + " s, or ask your teacher for the join link", "pin", everyoneWaits);
        }
        JsonNode offeredPin = body.get("pin");
        JsonNode offeredToken = body.get("token");
        boolean right;
        if (offeredToken != null && offeredToken.isTextual()) {
            right = token.matches(offeredToken.asText());
        } else if (offeredPin != null && (offeredPin.isTextual() || offeredPin.isIntegralNumber())) {
            right = constantTimeEquals(pin, offeredPin.asText().trim());
        } else if (offeredLink != null) {
            right = false; // a join link of another start (or made up): charged like a wrong PIN
        } else {
            throw new ApiException(400, "pin is missing: send {\"pin\": \"123456\"}", "pin");
        }
        if (!right) {
            guesses.tryTake(ctx.ip());
            allGuesses.tryTake(EVERYONE);
            throw new ApiException(403, "wrong PIN: ask your teacher for the class PIN", "pin");
        }
        admit(ctx);
    }

    private void admit(Context ctx) {
        ctx.cookie(new Cookie(COOKIE, pass, "/", -1, false, true, null, SameSite.STRICT));
        Http.json(ctx, 200, Json.object().put("joined", true));
    }

    /** Before every other /api request: the PIN's pass or the presenter token, when a PIN is set. */
    void require(Context ctx) {
        String path = ctx.path();
        if (!pinRequired() || path.equals("/api/access") || path.equals("/api/join") || admits(ctx)) {
            return;
        }
        throw new ApiException(401, "this class needs the join PIN: open the dashboard and enter it", "pin");
    }

    /** Whether this request (or WebSocket upgrade) may see the class's data. */
    boolean admits(Context ctx) {
        if (!pinRequired()) {
            return true;
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && constantTimeEquals(pass, cookie)) {
            return true;
        }
        return token.isPresenter(ctx); // the presenter needs no PIN: the bearer token or the presenter cookie
    }

    private static boolean constantTimeEquals(String expected, String offered) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
    }
}
