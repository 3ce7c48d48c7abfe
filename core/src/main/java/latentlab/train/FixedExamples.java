package latentlab.train;

import java.util.SplittableRandom;

/**
 * The noise vectors and test digits a run draws its pictures from, chosen once from the seed so the
 * sample grid and the reconstructions of epoch 1 and epoch 10 (or of a resumed run) are comparable.
 */
public final class FixedExamples {
    public static final int SAMPLES = 64;
    public static final int SAMPLE_COLUMNS = 8;

    private FixedExamples() {}

    /** 64 latent vectors from N(0, I), row-major (64, latent). */
    public static float[] noise(long seed, int latent) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5A3D_F00DL);
        float[] z = new float[SAMPLES * latent];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    /** One test index per digit 0–9, starting the search at a seeded offset. */
    public static long[] testDigits(long seed, byte[] testLabels) {
        int start = new SplittableRandom(seed ^ 0x7E57L).nextInt(testLabels.length);
        long[] chosen = new long[10];
        java.util.Arrays.fill(chosen, -1);
        int found = 0;
        for (int k = 0; k < testLabels.length && found < 10; k++) {
            int i = (start + k) % testLabels.length;
            int digit = testLabels[i];
            if (chosen[digit] < 0) {
                chosen[digit] = i;
                found++;
            }
        }
        return chosen;
    }
}
