package latentlab.explore;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Kingma and Welling's figure of a 2-D latent space: the codes of an n×n grid at Gaussian quantiles,
 * row by row from the top (z2 high) to the bottom, so that decoded they tile the plane the prior covers.
 */
public final class ManifoldGrid {
    public static final int MIN_SIDE = 2;
    public static final int MAX_SIDE = 30;

    private ManifoldGrid() {}

    /** n×n codes of 2 values each, row-major. */
    public static float[] codes(int n) {
        NormalDistribution normal = new NormalDistribution();
        float[] z = new float[n * n * 2];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                int i = row * n + col;
                z[i * 2] = (float) normal.inverseCumulativeProbability((col + 0.5) / n);
                z[i * 2 + 1] = (float) normal.inverseCumulativeProbability(1 - (row + 0.5) / n);
            }
        }
        return z;
    }
}
