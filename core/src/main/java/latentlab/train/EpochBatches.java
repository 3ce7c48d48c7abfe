package latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import latentlab.data.EpochOrder;

/**
 * The batches of one epoch, drawn from the run's seed and the epoch number alone: the shuffled order of
 * the training images and each batch's eps, so a run resumed at an epoch boundary sees exactly the
 * batches it would have seen. Take them in order ({@link #next}); the last one may be short.
 */
final class EpochBatches {
    /** One batch on the training device: pixels (N, 1, 28, 28) in [0,1] and eps (N, latent) from N(0, I). */
    record Batch(int number, NDArray pixels, NDArray eps, int size, int imagesDone) {}

    private final Hyperparameters hp;
    private final long[] order;
    private final SplittableRandom noise;
    private int taken;

    EpochBatches(Hyperparameters hp, int epoch, int trainImages) {
        this.hp = hp;
        this.order = EpochOrder.shuffled(trainImages, hp.seed(), epoch, hp.trainLimit());
        this.noise = new SplittableRandom(hp.seed() * 7_919L + epoch * 104_729L + 17);
    }

    int count() {
        return hp.batchesPerEpoch();
    }

    int images() {
        return order.length;
    }

    /** The next batch, gathered from {@code images} (uint8 on the device); its arrays belong to the caller's scope. */
    Batch next(NDArray images, NDManager manager) {
        int from = taken * hp.batchSize();
        int size = Math.min(hp.batchSize(), order.length - from);
        float[] eps = new float[size * hp.latentDim()];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) noise.nextGaussian();
        }
        NDArray pixels = images.get(new NDIndex("{}", manager.create(Arrays.copyOfRange(order, from, from + size))))
                .toType(DataType.FLOAT32, false).div(255f);
        taken++;
        return new Batch(taken, pixels, manager.create(eps, new Shape(size, hp.latentDim())), size, from + size);
    }
}
