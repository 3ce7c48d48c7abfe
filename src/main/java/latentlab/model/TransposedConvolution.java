package latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * PyTorch's ConvTranspose2d for the two shapes the course decoder uses, built from ordinary
 * convolutions because DJL's PyTorch engine has no transposed convolution. Weights stay in
 * PyTorch's (in, out, 3, 3) layout. Both forms are exact rewrites, not approximations.
 *
 * <p>Stride 2, padding 1, output padding 1 (the upsampling layers) as a sub-pixel convolution: in
 * one dimension, output 2m is x[m]·w[1] and output 2m+1 is x[m]·w[2] + x[m+1]·w[0], so each of the
 * four output phases is a 2×2 convolution over the input (padded by one zero row and column at the
 * end). The four phase kernels are gathered from the 3×3 weight by a 0/1 matrix product (exact: every
 * output element is one weight times 1 plus zeros), run as one convolution with 4× the output
 * channels, and interleaved back into a 2H×2W image. That is 16 multiply-adds per output channel and
 * input pixel where zero insertion plus a 3×3 convolution needs 36.
 *
 * <p>Stride 1, padding 1: a plain convolution with the kernel flipped and in/out swapped.
 */
public final class TransposedConvolution {
    /** Rows: the 9 taps of a 3×3 kernel; columns: phase (a,b) × 2×2 tap (u,v). */
    private final NDArray phaseSelection;

    public TransposedConvolution(NDManager constants) {
        float[] select = new float[9 * 16];
        // kernel index used by tap u of phase a: phase 0 → [1, none], phase 1 → [2, 0]
        int[][] taps = {{1, -1}, {2, 0}};
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int u = 0; u < 2; u++) {
                    for (int v = 0; v < 2; v++) {
                        int kh = taps[a][u];
                        int kw = taps[b][v];
                        if (kh >= 0 && kw >= 0) {
                            int column = ((a * 2 + b) * 2 + u) * 2 + v;
                            select[(kh * 3 + kw) * 16 + column] = 1f;
                        }
                    }
                }
            }
        }
        phaseSelection = constants.create(select, new Shape(9, 16));
    }

    /** ConvTranspose2d(k3, s2, p1, output_padding 1): (N, in, H, W) → (N, out, 2H, 2W). */
    public NDArray stride2(NDArray x, NDArray weight, NDArray bias) {
        return stride2Phased(x, phaseKernel(weight), bias.tile(4));
    }

    /**
     * The four 2×2 phase kernels of a (in, out, 3, 3) transposed-convolution weight, as one
     * (4·out, in, 2, 2) convolution kernel. A frozen model computes it once instead of per call.
     */
    public NDArray phaseKernel(NDArray weight) {
        long in = weight.getShape().get(0);
        long out = weight.getShape().get(1);
        return weight.transpose(1, 0, 2, 3)                           // (out, in, 3, 3)
                .reshape(out * in, 9)
                .matMul(phaseSelection)                               // (out·in, phase·u·v)
                .reshape(out, in, 4, 2, 2)
                .transpose(2, 0, 1, 3, 4)                             // (phase, out, in, 2, 2)
                .reshape(4 * out, in, 2, 2);
    }

    /** {@link #stride2(NDArray, NDArray, NDArray)} with a {@link #phaseKernel} and the bias tiled 4 times. */
    public static NDArray stride2Phased(NDArray x, NDArray phaseKernel, NDArray tiledBias) {
        long out = phaseKernel.getShape().get(0) / 4;
        long n = x.getShape().get(0);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0);             // one zero column right, one row below
        NDArray phases = Conv2d.conv2d(padded, phaseKernel, tiledBias).singletonOrThrow(); // (N, phase·out, H, W)
        return phases.reshape(n, 2, 2, out, h, w)
                .transpose(0, 3, 4, 1, 5, 2)                          // (N, out, H, a, W, b)
                .reshape(n, out, 2 * h, 2 * w);
    }

    /** ConvTranspose2d(k3, s1, p1): a convolution with the flipped, in/out-swapped kernel. */
    public static NDArray stride1(NDArray x, NDArray weight, NDArray bias) {
        return stride1Flipped(x, flippedKernel(weight), bias);
    }

    /** The ordinary convolution kernel equal to a stride-1 transposed convolution's weight. */
    public static NDArray flippedKernel(NDArray weight) {
        return weight.flip(2, 3).transpose(1, 0, 2, 3);
    }

    /** {@link #stride1(NDArray, NDArray, NDArray)} with a {@link #flippedKernel}. */
    public static NDArray stride1Flipped(NDArray x, NDArray flippedKernel, NDArray bias) {
        return Conv2d.conv2d(x, flippedKernel, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1))
                .singletonOrThrow();
    }
}
