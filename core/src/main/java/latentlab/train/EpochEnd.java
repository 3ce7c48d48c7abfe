package latentlab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latentlab.model.AdamOptimizer;
import latentlab.model.CourseVae;

/**
 * An epoch has just ended: what the job's listeners see, as DJL's listeners see its {@code Trainer}. The
 * model and the optimiser are the live ones and may be read only during the call, on the job's thread.
 */
public final class EpochEnd {
    private final String runId;
    private final Hyperparameters hyperparameters;
    private final List<EpochMetrics> history;
    private final CourseVae model;
    private final AdamOptimizer optimiser;
    private Map<String, float[]> weights;

    EpochEnd(String runId, Hyperparameters hyperparameters, List<EpochMetrics> history, CourseVae model,
             AdamOptimizer optimiser) {
        this.runId = runId;
        this.hyperparameters = hyperparameters;
        this.history = List.copyOf(history);
        this.model = model;
        this.optimiser = optimiser;
    }

    public String runId() {
        return runId;
    }

    public int epoch() {
        return metrics().epoch();
    }

    /** This epoch's metrics. */
    public EpochMetrics metrics() {
        return history.get(history.size() - 1);
    }

    /** Every epoch's metrics so far, this one last. */
    public List<EpochMetrics> history() {
        return history;
    }

    /** True when no earlier epoch had a test loss as low. */
    public boolean best() {
        double loss = metrics().testLoss();
        return history.subList(0, history.size() - 1).stream().allMatch(m -> loss < m.testLoss());
    }

    /** The weights by PyTorch name, copied to the host once however many ask. */
    public synchronized Map<String, float[]> weights() {
        if (weights == null) {
            weights = model.weights().toValues();
        }
        return weights;
    }

    CourseVae model() {
        return model;
    }

    /** Everything needed to continue the run exactly from here. */
    Checkpoint checkpoint() {
        Map<String, float[]> tensors = new LinkedHashMap<>(weights());
        tensors.putAll(optimiser.stateValues());
        return new Checkpoint(epoch(), optimiser.steps(), hyperparameters, history, tensors);
    }
}
