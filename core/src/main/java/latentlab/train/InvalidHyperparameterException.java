package latentlab.train;

/** A hyperparameter that is missing its mark; {@link #field()} names it for forms and API errors. */
public final class InvalidHyperparameterException extends IllegalArgumentException {
    private final String field;

    public InvalidHyperparameterException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
