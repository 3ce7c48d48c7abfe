package latentlab.train;

import ai.djl.ndarray.NDArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The training loop's one door from the training device to the host. On a GPU each read waits for every
 * batch queued before it, so the loop reads only the batches' losses (a few batches at a time, see
 * {@link LossReadout}) and the test scores once per epoch; counting here is how a test holds it to that.
 */
public final class DeviceReads {
    private final AtomicLong reads = new AtomicLong();

    float[] floats(NDArray onDevice) {
        reads.incrementAndGet();
        return onDevice.toFloatArray();
    }

    /** Reads made so far. */
    public long count() {
        return reads.get();
    }
}
