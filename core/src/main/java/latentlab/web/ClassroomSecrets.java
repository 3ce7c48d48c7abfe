package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import latentlab.train.AtomicFile;

/**
 * What makes the teacher the presenter and a student's browser joined, kept in {@code models/.classroom.json}
 * (owner-only) so that a restart — a laptop lid, a crash, {@code kill -9} — keeps both: the presenter token
 * (its cookie's pass is derived from it), the secret the join pass and the QR code's join link are derived
 * from (with the PIN, so a new PIN shuts out the old one's pages), and the PIN {@code --pin random} made.
 * Each start reads it; {@code --new-token} makes all three new.
 *
 * @param token      the presenter token
 * @param joinSecret 144 random bits, base64url
 * @param randomPin  the PIN {@code --pin random} made last, or null
 */
public record ClassroomSecrets(String token, String joinSecret, String randomPin) {
    public static final String FILE = ".classroom.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** The secrets of this start and the one line that says where they came from (for the start's output). */
    public record Kept(ClassroomSecrets secrets, String note) {}

    public ClassroomSecrets {
        if (!token.matches("[A-Za-z0-9_-]{8,128}")) {
            throw new IllegalArgumentException("presenter token must be 8-128 characters of letters, digits, _ or -");
        }
        if (!joinSecret.matches("[A-Za-z0-9_-]{22,128}")) {
            throw new IllegalArgumentException("join secret must be 22-128 base64url characters");
        }
        if (randomPin != null) {
            JoinPin.check(randomPin);
        }
    }

    /** New random secrets (no PIN yet). */
    public static ClassroomSecrets fresh() {
        return new ClassroomSecrets(PresenterToken.generate().value(), randomSecret(), null);
    }

    /** A new 144-bit secret to derive the join pass and link from. */
    static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public ClassroomSecrets withRandomPin(String pin) {
        return new ClassroomSecrets(token, joinSecret, pin);
    }

    /**
     * The secrets kept in {@code models}, or new ones when there are none, {@code renew} asks for new ones,
     * or the file is damaged (each said in the note). Nothing is written here: {@link #keep} does.
     */
    public static Kept read(Path models, boolean renew) {
        Path file = models.resolve(FILE);
        if (renew) {
            return new Kept(fresh(), "new (--new-token): pages open before must sign in again");
        }
        if (!Files.exists(file)) {
            return new Kept(fresh(), "new");
        }
        try {
            JsonNode kept = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode pin = kept.get("randomPin");
            ClassroomSecrets secrets = new ClassroomSecrets(text(kept, "presenterToken"), text(kept, "joinSecret"),
                    pin == null || pin.isNull() ? null : pin.asText());
            String note = "kept from the last start (--new-token makes new ones)";
            if (!ownerOnly(file)) {
                note += "; models/" + FILE + " was readable by others: now owner-only (start with --new-token if someone else uses this machine)";
            }
            return new Kept(secrets, note);
        } catch (IOException | RuntimeException e) {
            return new Kept(fresh(), "new: models/" + FILE + " could not be read (" + reason(e) + "), so pages open before must sign in again");
        }
    }

    /**
     * Writes these secrets to {@code models} (owner-only); where that cannot be done (a read-only folder),
     * the note says they will not outlive this start.
     */
    public Kept keep(Path models, String note) {
        ObjectNode body = JSON.createObjectNode().put("presenterToken", token).put("joinSecret", joinSecret);
        if (randomPin != null) {
            body.put("randomPin", randomPin);
        }
        try {
            Files.createDirectories(models);
            AtomicFile.writeOwnerOnly(models.resolve(FILE), (body.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
            return new Kept(this, note);
        } catch (IOException e) {
            return new Kept(this, "for this start only: models/" + FILE + " cannot be written (" + reason(e) + ")");
        }
    }

    private static String text(JsonNode kept, String name) {
        JsonNode value = kept == null ? null : kept.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value.asText();
    }

    private static boolean ownerOnly(Path file) throws IOException {
        try {
            return OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file)); // keep() rewrites it owner-only
        } catch (UnsupportedOperationException e) {
            return true; // no POSIX permissions here: the folder's own rights are all there is
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = message.indexOf('\n');
        return cut < 0 ? message : message.substring(0, cut); // the teacher's own terminal: paths may be named
    }

    @Override
    public String toString() {
        return "ClassroomSecrets[hidden]"; // never in a log
    }
}
