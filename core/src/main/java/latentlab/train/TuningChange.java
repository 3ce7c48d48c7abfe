package latentlab.train;

/**
 * One change of β or the learning rate made while a run trained: the first batch it applied to (epoch,
 * batch), the hyperparameter's name, its value before and after. One line of the run's {@code changes.jsonl}.
 */
public record TuningChange(int epoch, int batch, String field, double from, double to) {
    /** The hyperparameters that may change while a run trains. */
    public static final java.util.List<String> FIELDS = java.util.List.of("beta", "learningRate");
}
