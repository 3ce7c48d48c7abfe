package latentlab.explore;

import java.util.SplittableRandom;
import latentlab.data.Mnist;

/** The 10,000 MNIST test digits as the explorer offers them: by number, or a random one of a class. */
public final class TestDigits {
    private final Mnist data;
    private final SplittableRandom random = new SplittableRandom();

    public TestDigits(Mnist data) {
        this.data = data;
    }

    public int count() {
        return data.testImages().count();
    }

    public int label(int index) {
        return data.testLabels()[index];
    }

    /** The digit's 784 pixels in [0,1]. */
    public float[] pixels(int index) {
        return Mnist.scaled(data.testImages(), index, 1);
    }

    /** The number of a random test image of this digit (0-9). */
    public int randomOf(int digit) {
        byte[] labels = data.testLabels();
        int start;
        synchronized (random) {
            start = random.nextInt(labels.length);
        }
        for (int k = 0; k < labels.length; k++) {
            int i = (start + k) % labels.length;
            if (labels[i] == digit) {
                return i;
            }
        }
        throw new IllegalArgumentException("no test image of digit " + digit);
    }
}
