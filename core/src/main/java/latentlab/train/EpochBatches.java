package latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import latentlab.data.EpochOrder;
import latentlab.model.Scalars;

/**
 * The batches of one epoch, drawn from the run's seed and the epoch number alone: the shuffled order of
 * the training images and each batch's eps, so a run resumed at an epoch boundary sees exactly the
 * batches it would have seen. Both go to the training device once, when the epoch starts (on a GPU every
 * copy to the device waits for it); a batch is then a slice of them. Take them in order ({@link #next});
 * the last one may be short. Close it at the epoch's end.
 */
final class EpochBatches implements AutoCloseable {
    /** One batch on the training device: pixels (N, 1, 28, 28) in [0,1] and eps (N, latent) from N(0, I). */
    record Batch(int number, NDArray pixels, NDArray eps, int size, int imagesDone) {}

    private final Hyperparameters hp;
    private final int images;
    private final NDManager epoch;
    private final NDArray order;
    private final NDArray eps;
    private final NDArray byteScale;
    private int taken;

    EpochBatches(Hyperparameters hp, int epochNumber, int trainImages, NDManager manager) {
        this.hp = hp;
        long[] shuffled = EpochOrder.shuffled(trainImages, hp.seed(), epochNumber, hp.trainLimit());
        this.images = shuffled.length;
        SplittableRandom noise = new SplittableRandom(hp.seed() * 7_919L + epochNumber * 104_729L + 17);
        float[] all = new float[images * hp.latentDim()];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) noise.nextGaussian(); // batch after batch: the same numbers as drawn one batch at a time
        }
        this.epoch = manager.newSubManager();
        this.order = epoch.create(shuffled);
        this.eps = epoch.create(all, new Shape(images, hp.latentDim()));
        this.byteScale = Scalars.of(order, 255f);
        byteScale.attach(epoch);
    }

    int count() {
        return hp.batchesPerEpoch();
    }

    int images() {
        return images;
    }

    /** The next batch, gathered from {@code trainImages} (uint8 on the device); its arrays belong to the caller's scope. */
    Batch next(NDArray trainImages) {
        int from = taken * hp.batchSize();
        int size = Math.min(hp.batchSize(), images - from);
        NDIndex rows = new NDIndex(from + ":" + (from + size));
        NDArray indices = order.get(rows);
        NDArray pixels = trainImages.get(new NDIndex("{}", indices)).toType(DataType.FLOAT32, false).div(byteScale);
        taken++;
        return new Batch(taken, pixels, eps.get(rows), size, from + size);
    }

    @Override
    public void close() {
        epoch.close();
    }
}
