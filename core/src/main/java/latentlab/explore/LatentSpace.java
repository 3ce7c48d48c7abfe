package latentlab.explore;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import latentlab.model.CourseVae;
import latentlab.model.FrozenDecoder;
import latentlab.model.GradMode;
import latentlab.model.VaeArchitecture;
import latentlab.model.VaeWeights;
import latentlab.train.WeightsSnapshot;

/**
 * A frozen model to explore: its own copy of the weights on its own manager, never touched by the
 * optimiser. Not thread-safe; the {@link Explorer} calls it from its one thread only.
 */
final class LatentSpace implements AutoCloseable {
    private final String runId;
    private final int epoch;
    private final NDManager manager;
    private final VaeWeights weights;
    private final CourseVae vae;
    private final FrozenDecoder decoder;

    LatentSpace(WeightsSnapshot snapshot) {
        this.runId = snapshot.runId();
        this.epoch = snapshot.epoch();
        this.manager = NDManager.newBaseManager(ai.djl.Device.cpu());
        this.weights = VaeWeights.fromValues(manager, snapshot.latentDim(), snapshot.weights());
        this.vae = new CourseVae(weights);
        this.decoder = new FrozenDecoder(weights);
    }

    String runId() {
        return runId;
    }

    int epoch() {
        return epoch;
    }

    int latent() {
        return weights.latent();
    }

    /** {@code count} latent codes (row-major) → pixels in [0,1], 784 per image. */
    float[] decode(float[] z, int count) {
        return GradMode.off(() -> {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                return decoder.decode(manager.create(z, new Shape(count, latent()))).toFloatArray();
            }
        });
    }

    /** {@code count} images of 784 pixels in [0,1] → {mu, logvar}, each {@code count × latent}. */
    float[][] encode(float[] pixels, int count) {
        return GradMode.off(() -> {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = manager.create(pixels, VaeArchitecture.images(count));
                CourseVae.Encoding enc = vae.encode(x);
                return new float[][] {enc.mu().toFloatArray(), enc.logvar().toFloatArray()};
            }
        });
    }

    @Override
    public void close() {
        weights.close();
        manager.close();
    }
}
