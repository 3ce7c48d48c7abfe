package latentlab.model;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import latentlab.data.Mnist;

/** The layer list of the course VAE (SEED-MODEL.md) for a given latent dimension. */
public final class VaeArchitecture {
    public static final int HIDDEN_UNITS = 16;
    public static final int FEATURES = 64 * 7 * 7;
    public static final int MIN_LATENT = 1;
    public static final int MAX_LATENT = 64;

    private VaeArchitecture() {}

    /** The shape of {@code count} MNIST images as the encoder takes them: (N, 1, 28, 28). */
    public static Shape images(long count) {
        return new Shape(count, 1, Mnist.SIDE, Mnist.SIDE);
    }

    /** All parameters in PyTorch's state-dict order. */
    public static List<ParameterSpec> parameters(int latent) {
        List<ParameterSpec> specs = new ArrayList<>();
        conv(specs, "enc_conv1", 1, 32);
        conv(specs, "enc_conv2", 32, 64);
        linear(specs, "enc_fc", FEATURES, HIDDEN_UNITS);
        linear(specs, "fc_mu", HIDDEN_UNITS, latent);
        linear(specs, "fc_logvar", HIDDEN_UNITS, latent);
        linear(specs, "dec_fc", latent, FEATURES);
        transposedConv(specs, "dec_deconv1", 64, 64);
        transposedConv(specs, "dec_deconv2", 64, 32);
        transposedConv(specs, "dec_deconv3", 32, 1);
        return specs;
    }

    private static void conv(List<ParameterSpec> specs, String name, int in, int out) {
        specs.add(new ParameterSpec(name + ".weight", new Shape(out, in, 3, 3), in * 9, false));
        specs.add(new ParameterSpec(name + ".bias", new Shape(out), in * 9, true));
    }

    private static void transposedConv(List<ParameterSpec> specs, String name, int in, int out) {
        specs.add(new ParameterSpec(name + ".weight", new Shape(in, out, 3, 3), out * 9, false));
        specs.add(new ParameterSpec(name + ".bias", new Shape(out), out * 9, true));
    }

    private static void linear(List<ParameterSpec> specs, String name, int in, int out) {
        specs.add(new ParameterSpec(name + ".weight", new Shape(out, in), in, false));
        specs.add(new ParameterSpec(name + ".bias", new Shape(out), in, true));
    }
}
