package latentlab.json;

/**
 * An input that misses its mark; {@link #field()} names it (for a form, an API error or a command-line
 * option) and the message starts with that name: "steps must be a whole number 2-32, got 40", or with
 * one element of it: "z[1] must be a number in [-10, 10], got 11".
 */
public class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(field + (problem.startsWith("[") ? "" : " ") + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field's name in front. */
    public String problem() {
        return getMessage().substring(field.length()).strip();
    }
}
