package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameter tensors of one course VAE, owned by one {@link NDManager} (closing the weights frees
 * them). Names and layouts match the PyTorch state dict, so a PyTorch checkpoint maps 1:1.
 */
public final class VaeWeights implements AutoCloseable {
    private final int latent;
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private VaeWeights(int latent, NDManager manager) {
        this.latent = latent;
        this.manager = manager;
    }

    /** New weights, drawn with a seeded generator so a seed always gives the same model. */
    public static VaeWeights initialise(NDManager parent, int latent, Initialisation init, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterSpec spec : VaeArchitecture.parameters(latent)) {
            values.put(spec.name(), init.values(spec, random));
        }
        return fromValues(parent, latent, values);
    }

    /** Weights from raw values by PyTorch name; every parameter must be present with its exact size. */
    public static VaeWeights fromValues(NDManager parent, int latent, Map<String, float[]> values) {
        VaeWeights weights = new VaeWeights(latent, parent.newSubManager());
        for (ParameterSpec spec : VaeArchitecture.parameters(latent)) {
            float[] v = values.get(spec.name());
            if (v == null || v.length != spec.size()) {
                weights.close();
                throw new IllegalArgumentException("parameter " + spec.name() + " needs " + spec.size()
                        + " values, got " + (v == null ? "none" : v.length));
            }
            weights.arrays.put(spec.name(), weights.manager.create(v, spec.shape()));
        }
        return weights;
    }

    /** A detached copy on another manager: a frozen snapshot the optimiser never touches. */
    public VaeWeights copy(NDManager parent) {
        return fromValues(parent, latent, toValues());
    }

    public int latent() {
        return latent;
    }

    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return array;
    }

    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    public void requireGradients() {
        arrays.values().forEach(a -> a.setRequiresGradient(true));
    }

    public Map<String, float[]> toValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        arrays.forEach((name, array) -> values.put(name, array.toType(DataType.FLOAT32, false).toFloatArray()));
        return values;
    }

    @Override
    public void close() {
        manager.close();
    }
}
