package latentlab.web;

import java.security.SecureRandom;

/** The join PIN a class types (or scans): digits only, easy to read off a projector. */
public final class JoinPin {
    private JoinPin() {}

    /** A PIN chosen by the operator: 4-12 digits. */
    public static String check(String candidate) {
        if (candidate == null || !candidate.matches("[0-9]{4,12}")) {
            throw new IllegalArgumentException("--pin must be 4-12 digits (or \"random\"), got " + candidate);
        }
        return candidate;
    }

    /** Six random digits. */
    public static String random() {
        return String.format("%06d", new SecureRandom().nextInt(1_000_000));
    }
}
