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
 * <p>Stride 1, padding 1: a plain convolution with the kernel flipped and in/out swapped. When its input
 * is the phase output of a stride-2 layer (the course decoder's last layer follows one), the same
 * convolution is run on the four phases directly — each output phase is a 3×3 convolution over the
 * input phases on the half-size grid — and only the one-channel result is interleaved. That skips
 * interleaving the 32-channel 28×28 maps and hands oneDNN a 128 → 4 channel convolution instead of a
 * 32 → 1 one, which it runs far worse (about 6 GFLOPS): 25–29 ms → 19 ms per training batch of 128,
 * forward and backward (measured). Again exact: each kernel entry is one weight times 1 plus zeros.
 */
public final class TransposedConvolution {
    /** Rows: the 9 taps of a 3×3 kernel; columns: phase (a,b) × 2×2 tap (u,v). */
    private final NDArray phaseSelection;
    /** Rows: the 9 taps of a 3×3 kernel; columns: output phase × input phase × 3×3 tap on the half grid. */
    private final NDArray onPhasesSelection;

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
        onPhasesSelection = constants.create(onPhasesSelection(), new Shape(9, 4 * 4 * 9));
    }

    /**
     * Output pixel (2i+a', 2j+b') of a 3×3, padding-1 convolution reads input pixel (2i+a'+u-1, …), which
     * is phase a = (a'+u-1) mod 2 at grid row i + floor((a'+u-1)/2): a 3×3 tap p = floor(…)+1 on the grid.
     */
    private static float[] onPhasesSelection() {
        float[] select = new float[9 * 4 * 4 * 9];
        for (int outA = 0; outA < 2; outA++) {
            for (int outB = 0; outB < 2; outB++) {
                for (int u = 0; u < 3; u++) {
                    for (int v = 0; v < 3; v++) {
                        int rows = outA + u - 1;
                        int cols = outB + v - 1;
                        int inPhase = Math.floorMod(rows, 2) * 2 + Math.floorMod(cols, 2);
                        int p = Math.floorDiv(rows, 2) + 1;
                        int q = Math.floorDiv(cols, 2) + 1;
                        int column = (((outA * 2 + outB) * 4 + inPhase) * 3 + p) * 3 + q;
                        select[(u * 3 + v) * 144 + column] = 1f;
                    }
                }
            }
        }
        return select;
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
        return interleave(stride2PhasesWith(x, phaseKernel, tiledBias));
    }

    /** The four output phases of {@link #stride2}, not yet interleaved: (N, phase·out, H, W). */
    public NDArray stride2Phases(NDArray x, NDArray weight, NDArray bias) {
        return stride2PhasesWith(x, phaseKernel(weight), bias.tile(4));
    }

    /** {@link #stride2Phases} with a {@link #phaseKernel} and the bias tiled 4 times. */
    public static NDArray stride2PhasesWith(NDArray x, NDArray phaseKernel, NDArray tiledBias) {
        NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0);             // one zero column right, one row below
        return Conv2d.conv2d(padded, phaseKernel, tiledBias).singletonOrThrow(); // (N, phase·out, H, W)
    }

    /** Four phases (N, phase·C, H, W), phase = 2a + b, into one image (N, C, 2H, 2W): pixel (2i+a, 2j+b). */
    public static NDArray interleave(NDArray phases) {
        long n = phases.getShape().get(0);
        long channels = phases.getShape().get(1) / 4;
        long h = phases.getShape().get(2);
        long w = phases.getShape().get(3);
        return phases.reshape(n, 2, 2, channels, h, w)
                .transpose(0, 3, 4, 1, 5, 2)                          // (N, C, H, a, W, b)
                .reshape(n, channels, 2 * h, 2 * w);
    }

    /**
     * ConvTranspose2d(k3, s1, p1) of the interleaved image whose four phases are given, computed on the
     * phases and interleaved at the end: (N, 4·in, H, W) → (N, out, 2H, 2W).
     */
    public NDArray stride1OnPhases(NDArray phases, NDArray weight, NDArray bias) {
        return stride1OnPhasesWith(phases, onPhasesKernel(weight), bias.tile(4));
    }

    /** The (4·out, 4·in, 3, 3) kernel {@link #stride1OnPhases} convolves the phases with. */
    public NDArray onPhasesKernel(NDArray weight) {
        NDArray flipped = flippedKernel(weight);                       // (out, in, 3, 3)
        long out = flipped.getShape().get(0);
        long in = flipped.getShape().get(1);
        return flipped.reshape(out * in, 9)
                .matMul(onPhasesSelection)                            // (out·in, outPhase·inPhase·p·q)
                .reshape(out, in, 4, 4, 3, 3)
                .transpose(2, 0, 3, 1, 4, 5)                          // (outPhase, out, inPhase, in, 3, 3)
                .reshape(4 * out, 4 * in, 3, 3);
    }

    /** {@link #stride1OnPhases} with an {@link #onPhasesKernel} and the bias tiled 4 times. */
    public static NDArray stride1OnPhasesWith(NDArray phases, NDArray onPhasesKernel, NDArray tiledBias) {
        return interleave(Conv2d.conv2d(phases, onPhasesKernel, tiledBias, new Shape(1, 1), new Shape(1, 1),
                new Shape(1, 1)).singletonOrThrow());
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
    private static NDArray stride1Flipped(NDArray x, NDArray flippedKernel, NDArray bias) {
        return Conv2d.conv2d(x, flippedKernel, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1))
                .singletonOrThrow();
    }
}
