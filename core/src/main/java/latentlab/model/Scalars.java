package latentlab.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for the differentiable part of the model. DJL's {@code mul(Number)} wraps the number
 * in a tensor over a Java direct buffer and closes it right after the op, but autograd keeps that tensor
 * for the backward pass (the gradient of a·c needs c): once the garbage collector frees the buffer,
 * backward reads whatever memory is there. We measured it: gradients of the whole {@code logvar} path
 * came out as ±1e35 garbage in 2 of 150 repeats of one batch, which showed up as random NaNs and runs of
 * one seed parting ways. A scalar made here belongs to the caller's scope (or manager) and so outlives
 * the backward pass.
 */
public final class Scalars {
    private Scalars() {}

    public static NDArray of(NDArray like, float value) {
        return like.getManager().create(value);
    }
}
