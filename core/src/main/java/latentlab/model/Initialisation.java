package latentlab.model;

import java.util.SplittableRandom;

/**
 * How the weights start. {@link #PYTORCH_DEFAULT} is the course model exactly (uniform ±1/√fan_in for
 * weights and biases); {@link #KAIMING_NORMAL} (normal with std √(2/fan_in), zero biases) keeps the
 * 16-unit ReLU layer alive, so the model does not collapse (see docs/collapse.md).
 */
public enum Initialisation {
    PYTORCH_DEFAULT,
    KAIMING_NORMAL;

    /** Fills one parameter's values from the generator. */
    public float[] values(ParameterSpec spec, SplittableRandom random) {
        float[] values = new float[spec.size()];
        double bound = 1.0 / Math.sqrt(spec.fanIn());
        double std = Math.sqrt(2.0 / spec.fanIn());
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (this) {
                case PYTORCH_DEFAULT -> (float) ((random.nextDouble() * 2 - 1) * bound);
                case KAIMING_NORMAL -> spec.isBias() ? 0f : (float) (random.nextGaussian() * std);
            };
        }
        return values;
    }
}
