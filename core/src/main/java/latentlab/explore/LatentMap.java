package latentlab.explore;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * Where the test digits land: each one's {@code mu}, in 2-D. At latent 2 these are the codes
 * themselves; above, the projection on the two principal components of the codes, with the share of
 * the variance each one explains. {@code axes} maps a 2-D point back to a latent code (for "click the
 * map to set the sliders"): code = mean + x·axis0 + y·axis1. {@code mu} and {@code logvar} are the
 * codes themselves ({@code count × latent}, row-major), for the browser ({@link LatentMapFile}).
 */
public record LatentMap(String runId, int epoch, int latent, String method, double[] explained, float[] points,
                        byte[] labels, double[] mean, double[][] axes, float[] mu, float[] logvar) {

    static LatentMap of(String runId, int epoch, int latent, float[] mu, float[] logvar, byte[] labels) {
        int n = labels.length;
        double[] mean = new double[latent];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < latent; d++) {
                mean[d] += mu[i * latent + d];
            }
        }
        for (int d = 0; d < latent; d++) {
            mean[d] /= n;
        }
        if (latent <= 2) {
            float[] points = new float[n * 2];
            for (int i = 0; i < n; i++) {
                points[i * 2] = mu[i * latent];
                points[i * 2 + 1] = latent == 2 ? mu[i * latent + 1] : 0f;
            }
            double[][] axes = latent == 2 ? new double[][] {{1, 0}, {0, 1}} : new double[][] {{1}, {0}};
            return new LatentMap(runId, epoch, latent, "raw", new double[] {1, latent == 2 ? 1 : 0}, points, labels,
                    new double[latent], axes, mu, logvar);
        }
        double[][] cov = new double[latent][latent];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < latent; a++) {
                double da = mu[i * latent + a] - mean[a];
                for (int b = a; b < latent; b++) {
                    cov[a][b] += da * (mu[i * latent + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < latent; a++) {
            for (int b = a; b < latent; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        RealMatrix matrix = MatrixUtils.createRealMatrix(cov);
        EigenDecomposition eigen = new EigenDecomposition(matrix);
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = new Integer[latent];
        for (int i = 0; i < latent; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        double[][] axes = new double[2][];
        double[] explained = new double[2];
        for (int k = 0; k < 2; k++) {
            axes[k] = eigen.getEigenvector(order[k]).toArray();
            explained[k] = total > 0 ? Math.max(0, values[order[k]]) / total : 0;
        }
        float[] points = new float[n * 2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double p = 0;
                for (int d = 0; d < latent; d++) {
                    p += (mu[i * latent + d] - mean[d]) * axes[k][d];
                }
                points[i * 2 + k] = (float) p;
            }
        }
        return new LatentMap(runId, epoch, latent, "pca", explained, points, labels, mean, axes, mu, logvar);
    }
}
