package latentlab.train;

import java.util.regex.Pattern;

/** A run's id: a plain folder name under models/ (letters, digits, . _ -), never a path. The one rule. */
public final class RunId {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RunId() {}

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches() && !id.contains("..");
    }

    /** The id itself, or {@link InvalidRunIdException} saying what an id may hold. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new InvalidRunIdException(id);
        }
        return id;
    }
}
