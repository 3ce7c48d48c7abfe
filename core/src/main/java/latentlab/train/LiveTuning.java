package latentlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * β and the learning rate of a run as they stand, changed while it trains: a change asked for
 * ({@link #ask}, from any thread) applies from the loop's next batch ({@link #applyAt}), which records it
 * as a {@link TuningChange}. The KL warm-up keeps working: the batch's KL weight is the current β times
 * the warm-up's ramp. A resumed run starts from the values its completed epochs ended with.
 */
public final class LiveTuning {
    private double beta;
    private double learningRate;
    private final Map<String, Double> asked = new LinkedHashMap<>();

    LiveTuning(Hyperparameters hp, List<TuningChange> kept) {
        beta = hp.beta();
        learningRate = hp.learningRate();
        for (TuningChange change : kept) {
            set(change.field(), change.to());
        }
    }

    /** Asks for new values (names from {@link TuningChange#FIELDS}, already checked against their spec). */
    public synchronized void ask(Map<String, Double> values) {
        asked.putAll(values);
    }

    /** The values the next batch will use, changes asked for included. */
    public synchronized Map<String, Double> next() {
        Map<String, Double> values = new LinkedHashMap<>(Map.of("beta", beta, "learningRate", learningRate));
        values.putAll(asked);
        return values;
    }

    /** Called by the loop before batch {@code batch} of {@code epoch}: applies what was asked, returns what changed. */
    synchronized List<TuningChange> applyAt(int epoch, int batch) {
        List<TuningChange> changes = new ArrayList<>();
        for (Map.Entry<String, Double> e : asked.entrySet()) {
            double before = get(e.getKey());
            if (before != e.getValue()) {
                changes.add(new TuningChange(epoch, batch, e.getKey(), before, e.getValue()));
                set(e.getKey(), e.getValue());
            }
        }
        asked.clear();
        return changes;
    }

    synchronized float klWeight(Hyperparameters hp, int epoch, double fractionOfEpoch) {
        return (float) (beta * hp.klRamp(epoch, fractionOfEpoch));
    }

    synchronized double learningRate() {
        return learningRate;
    }

    private double get(String field) {
        return field.equals("beta") ? beta : learningRate;
    }

    private void set(String field, double value) {
        if (field.equals("beta")) {
            beta = value;
        } else if (field.equals("learningRate")) {
            learningRate = value;
        } else {
            throw new IllegalArgumentException(field + " cannot change while a run trains");
        }
    }
}
