package latentlab.explore;

/** Points between two latent codes: straight (linear) or along the great circle (spherical, "slerp"). */
public final class Interpolation {
    private Interpolation() {}

    /** {@code steps} codes from {@code from} to {@code to} inclusive, row-major. */
    public static float[] path(float[] from, float[] to, int steps, boolean spherical) {
        int d = from.length;
        float[] out = new float[steps * d];
        double omega = spherical ? angle(from, to) : 0;
        for (int s = 0; s < steps; s++) {
            double t = steps == 1 ? 0 : (double) s / (steps - 1);
            double a;
            double b;
            if (spherical && omega > 1e-6) {
                a = Math.sin((1 - t) * omega) / Math.sin(omega);
                b = Math.sin(t * omega) / Math.sin(omega);
            } else {
                a = 1 - t;
                b = t;
            }
            for (int k = 0; k < d; k++) {
                out[s * d + k] = (float) (a * from[k] + b * to[k]);
            }
        }
        return out;
    }

    /** The order of the steps of a looping animation, there and back again (0 … n-1 … 1), so the loop has no jump. */
    public static int[] pingPong(int steps) {
        int[] order = new int[Math.max(1, 2 * steps - 2)];
        for (int i = 0; i < order.length; i++) {
            order[i] = i < steps ? i : 2 * steps - 2 - i;
        }
        return order;
    }

    private static double angle(float[] u, float[] v) {
        double dot = 0;
        double nu = 0;
        double nv = 0;
        for (int k = 0; k < u.length; k++) {
            dot += u[k] * v[k];
            nu += u[k] * u[k];
            nv += v[k] * v[k];
        }
        if (nu == 0 || nv == 0) {
            return 0;
        }
        return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(nu * nv))));
    }
}
