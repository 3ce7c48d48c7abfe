package latentlab.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Typed, range-checked reads of JSON fields, one wording for every input of the application. A field is
 * named as the client wrote it, nested ones with a dot ({@code "from.testIndex"} is the field
 * {@code testIndex} of the object handed in); every refusal is an {@link InvalidFieldException} naming it.
 * A field that is absent or null takes the fallback given, or is refused as required when there is none.
 */
public final class JsonFields {
    private JsonFields() {}

    /** The value of {@code name} in {@code object}, or null when absent or JSON null. */
    public static JsonNode value(JsonNode object, String name) {
        JsonNode v = object.get(key(name));
        return v == null || v.isNull() ? null : v;
    }

    /** A whole number (any size a long holds), or null when absent. */
    public static Long wholeNumber(JsonNode object, String name) {
        JsonNode v = value(object, name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidFieldException(name, "must be a whole number, got " + v);
        }
        return v.asLong();
    }

    /** A whole number in [min, max]. */
    public static int wholeNumber(JsonNode object, String name, int min, int max, Integer fallback) {
        JsonNode v = value(object, name);
        if (v == null) {
            return required(fallback, name);
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new InvalidFieldException(name, "must be a whole number " + min + "-" + max + ", got " + v);
        }
        return v.asInt();
    }

    /** A query parameter's whole number in [min, max]; {@code fallback} when absent or empty. */
    public static int wholeNumber(String text, String name, int min, int max, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        String shown = text.length() > 20 ? text.substring(0, 20) + "…" : text;
        throw new InvalidFieldException(name, "must be a whole number " + min + "-" + max + ", got \"" + shown + "\"");
    }

    /** Any number, or null when absent. */
    public static Double number(JsonNode object, String name) {
        JsonNode v = value(object, name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw new InvalidFieldException(name, "must be a number, got " + v);
        }
        return v.asDouble();
    }

    /** true or false, or null when absent. */
    public static Boolean bool(JsonNode object, String name) {
        JsonNode v = value(object, name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new InvalidFieldException(name, "must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    public static boolean bool(JsonNode object, String name, boolean fallback) {
        Boolean v = bool(object, name);
        return v == null ? fallback : v;
    }

    /** One of {@code allowed} (text); {@code meaning} says what each is, for the refusal. */
    public static String choice(JsonNode object, String name, String fallback, List<String> allowed, String meaning) {
        JsonNode v = value(object, name);
        if (v == null) {
            return required(fallback, name);
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw new InvalidFieldException(name, "must be " + meaning + ", got " + v);
        }
        return v.asText();
    }

    /** Exactly {@code length} numbers, each in [-limit, limit] (a latent code: length is the latent dimension). */
    public static float[] vector(JsonNode object, String name, int length, double limit) {
        String bounds = "[-" + format(limit) + ", " + format(limit) + "]";
        return numbers(object, name, length, -limit, limit, "an array of " + length + " numbers", bounds,
                " (the latent dimension)");
    }

    /** Exactly {@code length} numbers in [0, 1] (pixels). */
    public static float[] unitInterval(JsonNode object, String name, int length) {
        return numbers(object, name, length, 0, 1, "an array of " + length + " numbers in [0, 1]", "[0, 1]", "");
    }

    /** The object's fields are all among {@code allowed}; the first other one is refused with {@code problem}. */
    public static void onlyFields(JsonNode object, List<String> allowed, String problem) {
        object.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new InvalidFieldException(field, problem);
            }
        });
    }

    private static float[] numbers(JsonNode object, String name, int length, double min, double max, String shape,
                                   String bounds, String whyLength) {
        JsonNode array = value(object, name);
        if (array == null || !array.isArray()) {
            throw new InvalidFieldException(name, "must be " + shape);
        }
        if (array.size() != length) {
            throw new InvalidFieldException(name, "must be " + shape + whyLength + ", got " + array.size());
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
                throw new InvalidFieldException(name, "[" + i + "] must be a number in " + bounds + ", got " + v);
            }
            values[i] = (float) v.asDouble();
        }
        return values;
    }

    private static <T> T required(T fallback, String name) {
        if (fallback == null) {
            throw new InvalidFieldException(name, "is required");
        }
        return fallback;
    }

    private static String key(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
