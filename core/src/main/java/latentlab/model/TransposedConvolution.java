package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's ConvTranspose2d for the two shapes the course decoder uses. DJL's PyTorch engine has no
 * transposed-convolution operator, so:
 *
 * <p>Stride 2, padding 1, output padding 1 (the two upsampling layers) is libtorch's own
 * {@code conv_transpose2d}, reached through a weightless TorchScript module ({@link BundledTorchScript}).
 * It runs under the calling thread's autograd mode, so gradients flow through it to the caller's weights
 * like through any DJL operation.
 * It does the 9 multiply-adds per input pixel and channel pair the layer needs, where the sub-pixel
 * rewrite we used before (four 2×2 phase kernels as one ordinary convolution) did 16; a training step
 * takes about two thirds of the time it did (docs/performance.md, "what each change gained").
 *
 * <p>Stride 1, padding 1 (the last layer, 32 → 1 channel) as a matrix product and col2im: each of the
 * nine kernel taps is a 1 × 32 row, one batched product gives the nine tap images (N, 9, H, W), and the
 * output is their sum, each shifted by its tap's offset (a zero pad on one side, a crop on the other).
 * That is exactly the 9 multiply-adds per pixel and channel the layer needs. oneDNN runs this shape
 * (one output channel) far below its speed elsewhere, natively or as the equivalent ordinary
 * convolution, two to three times slower than this (docs/performance.md).
 */
public final class TransposedConvolution {
    private TransposedConvolution() {}

    /** ConvTranspose2d(k3, s2, p1, output_padding 1): (N, in, H, W) with weight (in, out, 3, 3) → (N, out, 2H, 2W). */
    public static NDArray stride2(NDArray x, NDArray weight, NDArray bias) {
        return Stride2Module.INSTANCE.call(new NDList(x, weight, bias)).singletonOrThrow();
    }

    /** ConvTranspose2d(k3, s1, p1) with one output channel: (N, in, H, W) with weight (in, 1, 3, 3) → (N, 1, H, W). */
    public static NDArray stride1(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long in = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        if (weight.getShape().get(1) != 1) {
            throw new IllegalArgumentException("stride1 supports one output channel, got weight " + weight.getShape());
        }
        // an ordinary convolution with the flipped kernel: out[y][x] = Σ_c Σ_(u,v) k[c][u][v] · x[c][y+u-1][x+v-1]
        NDArray taps = weight.flip(2, 3).reshape(in, 9).transpose();          // (9 taps, in)
        NDArray tapImages = taps.broadcast(new Shape(n, 9, in))
                .matMul(x.reshape(n, in, h * w))                             // (N, 9, H·W)
                .reshape(n, 9, h, w);
        NDList perTap = tapImages.split(9, 1);
        NDArray sum = perTap.get(4);                                          // the centre tap needs no shift
        for (int u = 0; u < 3; u++) {
            for (int v = 0; v < 3; v++) {
                if (u != 1 || v != 1) {
                    sum = sum.add(shifted(perTap.get(u * 3 + v), u - 1, v - 1));
                }
            }
        }
        return sum.add(bias);
    }

    /** out[y][x] = image[y + dy][x + dx], zero where that falls outside; dy, dx in {-1, 0, 1}. */
    private static NDArray shifted(NDArray image, int dy, int dx) {
        // constant_pad_nd takes (left, right, top, bottom); a negative amount crops
        return image.pad(new Shape(-dx, dx, -dy, dy), 0);
    }

    /** Loaded once per process, on first use. */
    private static final class Stride2Module {
        static final BundledTorchScript INSTANCE = BundledTorchScript.load("conv_transpose2d_stride2.pt");
    }
}
