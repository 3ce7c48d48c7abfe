package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (β1 0.9, β2 0.999, ε 1e-8) over a set of {@link VaeWeights}, step for step the arithmetic of
 * torch.optim.Adam. DJL's own {@code Adam} folds the bias correction into the learning rate, which
 * scales ε by 1/√(1−β2^t) (≈30× at the first step) and moved losses after three steps by ~1e-4
 * relative in our parity test; it also hides its moments, which a checkpoint must hold so a resumed
 * run continues exactly. Call {@link #step} inside an NDScope: its temporaries are freed with it.
 */
public final class AdamOptimizer implements AutoCloseable {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final VaeWeights weights;
    private final NDManager manager;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final NDArray beta1;
    private final NDArray oneMinusBeta1;
    private final NDArray beta2;
    private final NDArray oneMinusBeta2;
    private final NDArray epsilon;
    private long steps;

    public AdamOptimizer(VaeWeights weights) {
        this.weights = weights;
        this.manager = weights.manager().newSubManager();
        for (String name : weights.names()) {
            means.put(name, manager.zeros(weights.get(name).getShape()));
            variances.put(name, manager.zeros(weights.get(name).getShape()));
        }
        // made once (on a GPU: in host memory, see Scalars), not a hundred times a step
        beta1 = Scalars.of(manager, BETA1);
        oneMinusBeta1 = Scalars.of(manager, 1 - BETA1);
        beta2 = Scalars.of(manager, BETA2);
        oneMinusBeta2 = Scalars.of(manager, 1 - BETA2);
        epsilon = Scalars.of(manager, EPSILON);
        ai.djl.ndarray.NDScope.unregister(beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon); // the optimiser's, whatever scope is open
    }

    /** Applies one update from the weights' gradients, then zeroes them for the next backward pass. */
    public void step(float learningRate) {
        GradMode.off(() -> update(learningRate));
    }

    private void update(float learningRate) {
        steps++;
        double correction1 = 1.0 - Math.pow(BETA1, steps);
        double correction2 = 1.0 - Math.pow(BETA2, steps);
        NDArray stepSize = Scalars.of(manager, (float) (learningRate / correction1));
        NDArray correction2Sqrt = Scalars.of(manager, (float) Math.sqrt(correction2));
        for (String name : weights.names()) {
            NDArray weight = weights.get(name);
            NDArray mean = means.get(name);
            NDArray variance = variances.get(name);
            try (NDArray grad = weight.getGradient()) {
                mean.muli(beta1).addi(grad.mul(oneMinusBeta1));
                variance.muli(beta2).addi(grad.square().muli(oneMinusBeta2));
                NDArray denominator = variance.sqrt().divi(correction2Sqrt).addi(epsilon);
                weight.subi(mean.div(denominator).muli(stepSize));
                grad.subi(grad);
            }
        }
    }

    public long steps() {
        return steps;
    }

    /** The moments by parameter name, prefixed "adam_m." and "adam_v.", for checkpoints. */
    public Map<String, float[]> stateValues() {
        Map<String, float[]> state = new LinkedHashMap<>();
        means.forEach((name, a) -> state.put("adam_m." + name, a.toFloatArray()));
        variances.forEach((name, a) -> state.put("adam_v." + name, a.toFloatArray()));
        return state;
    }

    /** Restores moments saved by {@link #stateValues()} and the step count. */
    public void restore(Map<String, float[]> state, long steps) {
        for (String name : weights.names()) {
            copyInto(means.get(name), state.get("adam_m." + name), "adam_m." + name);
            copyInto(variances.get(name), state.get("adam_v." + name), "adam_v." + name);
        }
        this.steps = steps;
    }

    private static void copyInto(NDArray target, float[] values, String name) {
        if (values == null || values.length != target.size()) {
            throw new IllegalArgumentException("optimiser state " + name + " is missing or has the wrong size");
        }
        target.set(values);
    }

    @Override
    public void close() {
        manager.close();
    }
}
