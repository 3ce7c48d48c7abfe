package latentlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches' losses, left on the training device until they are read together: every batch on a CPU
 * (a read there is a copy, and the progress bar moves each batch), every {@value #GPU_INTERVAL} batches on
 * a GPU (a read waits for the device to finish all it was given; a batch takes about a millisecond there, so
 * waiting once per batch would decide the epoch's time). The loop also reads before it stands still (a
 * pause, a step done, a stop) and before a live change, so every batch is reported, in order, with its own
 * loss.
 */
final class LossReadout {
    static final int GPU_INTERVAL = 25;

    /** A batch done whose [BCE, KLD] (summed over its images) is still on the device. */
    record Pending(int batch, int size, int imagesDone, NDArray losses) {}

    /** A batch's losses, read. */
    record Read(int batch, int size, int imagesDone, float bce, float kld) {}

    private final int interval;
    private final DeviceReads reads;
    private final List<Pending> pending = new ArrayList<>();

    LossReadout(int interval, DeviceReads reads) {
        if (interval < 1) {
            throw new IllegalArgumentException("losses are read every 1 or more batches, not " + interval);
        }
        this.interval = interval;
        this.reads = reads;
    }

    static int intervalFor(Device device) {
        return device.isGpu() ? GPU_INTERVAL : 1;
    }

    /** Keeps a batch's losses (a detached array the readout now owns); true when it is time to read. */
    boolean add(Pending batch) {
        pending.add(batch);
        return pending.size() >= interval;
    }

    /** Reads every pending batch in one transfer, frees them, and returns them in order. */
    List<Read> read() {
        if (pending.isEmpty()) {
            return List.of();
        }
        NDList arrays = new NDList(pending.size());
        pending.forEach(p -> arrays.add(p.losses()));
        float[] values;
        try (NDArray all = pending.size() == 1 ? null : NDArrays.stack(arrays)) {
            values = reads.floats(all == null ? arrays.get(0) : all);
        }
        List<Read> out = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            out.add(new Read(p.batch(), p.size(), p.imagesDone(), values[2 * i], values[2 * i + 1]));
        }
        arrays.close();
        pending.clear();
        return out;
    }

    /** Frees what was never read (a run that failed mid-epoch). */
    void discard() {
        pending.forEach(p -> p.losses().close());
        pending.clear();
    }
}
