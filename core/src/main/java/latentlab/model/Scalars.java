package latentlab.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Scalar operands for the model, the loss and the optimiser.
 *
 * <p>Lifetime: DJL's {@code mul(Number)} wraps the number in a tensor over a Java direct buffer and closes
 * it right after the op, but autograd keeps that tensor for the backward pass (the gradient of a·c needs c):
 * once the garbage collector frees the buffer, backward reads whatever memory is there. We measured it:
 * gradients of the whole {@code logvar} path came out as ±1e35 garbage in 2 of 150 repeats of one batch,
 * which showed up as random NaNs and runs of one seed parting ways. A scalar made here belongs to the
 * caller's scope (or manager) and so outlives the backward pass.
 *
 * <p>Place: on a GPU, DJL's {@code mul(Number)} would also copy the number to the device, and a copy to
 * the device waits for everything queued before it: a hundred waits a batch. A scalar made here for an
 * array on a GPU stays in host memory as a 0-dimensional tensor, which PyTorch hands to the kernel as an
 * argument, and the GPU never waits for it. On the CPU nothing changes.
 */
public final class Scalars {
    private Scalars() {}

    /** Host memory for scalars on a GPU's behalf; made at first use (after the engine is chosen). */
    private static final class Host {
        static final NDManager MANAGER = NDManager.newBaseManager(Device.cpu());
    }

    /** A scalar to combine with {@code like}, owned by its manager (and by the NDScope open, if any). */
    public static NDArray of(NDArray like, float value) {
        return like.getDevice().isGpu() ? onHost(like.getManager(), value) : like.getManager().create(value);
    }

    /** A scalar owned by {@code owner} (and by the NDScope open, if any), for arrays on {@code owner}'s device. */
    public static NDArray of(NDManager owner, float value) {
        return owner.getDevice().isGpu() ? onHost(owner, value) : owner.create(value);
    }

    private static NDArray onHost(NDManager owner, float value) {
        NDArray scalar = Host.MANAGER.create(value);
        scalar.attach(owner); // freed with the owner; an NDScope open now frees it with the scope
        return scalar;
    }
}
