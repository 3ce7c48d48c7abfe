package latentlab.model;

import ai.djl.ndarray.types.Shape;

/**
 * One trainable tensor of the course VAE, named and shaped exactly as in the PyTorch state dict
 * (ConvTranspose2d weights keep PyTorch's (in, out, kH, kW) layout). {@code fanIn} is what PyTorch's
 * initialisers divide by; for a transposed convolution it counts output channels × kernel area.
 */
public record ParameterSpec(String name, Shape shape, int fanIn, boolean isBias) {
    public int size() {
        return (int) shape.size();
    }
}
