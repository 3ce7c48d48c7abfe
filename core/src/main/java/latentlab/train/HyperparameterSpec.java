package latentlab.train;

import java.util.List;

/**
 * What one hyperparameter is: its name (the {@link Hyperparameters} component and the JSON field), type,
 * allowed range, default, a label and a line of help. The one statement of these facts: the record checks
 * against it, the server serves it (GET /api/hyperparameters) for the dashboard's form, and the command
 * line's options and help are made from it. {@code min}/{@code max} null: unbounded.
 */
public record HyperparameterSpec(String name, Type type, String label, String help, Object defaultValue, Number min,
                                 boolean minExclusive, Number max, String zeroMeans) {
    /** {@code zeroMeans}: what the value 0 stands for, when it is a choice of its own (the form offers it by name). */
    public HyperparameterSpec(String name, Type type, String label, String help, Object defaultValue, Number min,
                              boolean minExclusive, Number max) {
        this(name, type, label, help, defaultValue, min, minExclusive, max, null);
    }

    /** JSON Schema's names for the types: a whole number, any number, true/false. */
    public enum Type {
        INTEGER, NUMBER, BOOLEAN;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every hyperparameter, in the order of the record's components. */
    public static final List<HyperparameterSpec> ALL = List.of(
            whole("epochs", "epochs", "epochs to train", 10, 1, Hyperparameters.MAX_EPOCHS),
            whole("batchSize", "batch size", "images per batch", 128, 1, Hyperparameters.MAX_BATCH),
            new HyperparameterSpec("learningRate", Type.NUMBER, "learning rate", "Adam's learning rate", 1e-3, 0.0, true, 1.0),
            whole("latentDim", "latent dims", "latent dimensions", 2, latentlab.model.VaeArchitecture.MIN_LATENT,
                    latentlab.model.VaeArchitecture.MAX_LATENT),
            new HyperparameterSpec("beta", Type.NUMBER, "β (KL weight)", "weight of the KL term; 1 is the course model",
                    1.0, 0.0, false, 100.0),
            whole("warmupEpochs", "KL warm-up epochs", "ramp the KL weight from 0 to β over this many epochs", 0, 0,
                    Hyperparameters.MAX_EPOCHS),
            new HyperparameterSpec("seed", Type.INTEGER, "seed", "seed for the weights, the shuffling and the sampling",
                    0L, null, false, null),
            new HyperparameterSpec("trainLimit", Type.INTEGER, "images per epoch", "training images per epoch, 0 = all 60,000",
                    0, 0, false, Hyperparameters.TRAIN_IMAGES, "all 60,000"),
            new HyperparameterSpec("exact", Type.BOOLEAN, "exact course initialisation (may collapse)",
                    "the course's exact PyTorch initialisation, which collapses on about half of all seeds "
                            + "(docs/collapse.md); the default is Kaiming-normal", false, null, false, null));

    /** The spec of one hyperparameter by name. */
    public static HyperparameterSpec of(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidHyperparameterException(name, "is not a hyperparameter (known: "
                        + String.join(", ", ALL.stream().map(HyperparameterSpec::name).toList()) + ")"));
    }

    private static HyperparameterSpec whole(String name, String label, String help, int fallback, int min, int max) {
        return new HyperparameterSpec(name, Type.INTEGER, label, help, fallback, min, false, max);
    }

    /** Refuses a value outside the range, naming this hyperparameter. */
    public void check(double value) {
        boolean aboveMin = min == null || (minExclusive ? value > min.doubleValue() : value >= min.doubleValue());
        boolean belowMax = max == null || value <= max.doubleValue();
        if (!(Double.isFinite(value) && aboveMin && belowMax)) {
            throw new InvalidHyperparameterException(name, "must be " + range() + ", got " + shown(value));
        }
    }

    /** The range in words: "1..1000" for whole numbers, "a number in (0, 1]" for others. */
    public String range() {
        if (type == Type.INTEGER) {
            return min == null ? "a whole number" : min + ".." + max;
        }
        return "a number in " + (minExclusive ? "(" : "[") + shown(min.doubleValue()) + ", " + shown(max.doubleValue()) + "]";
    }

    /** The default as a person writes it: 10, 0.001, 1, false. */
    public String defaultText() {
        return defaultValue instanceof Number n ? shown(n.doubleValue()) : String.valueOf(defaultValue);
    }

    private String shown(double value) {
        return type == Type.INTEGER || value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.valueOf(value);
    }
}
