package latentlab.train;

import latentlab.json.InvalidFieldException;

/** A hyperparameter that is missing its mark; {@link #field()} names it for forms, API errors and options. */
public final class InvalidHyperparameterException extends InvalidFieldException {
    public InvalidHyperparameterException(String field, String problem) {
        super(field, problem);
    }
}
