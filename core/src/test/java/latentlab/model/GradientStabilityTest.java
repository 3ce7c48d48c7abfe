package latentlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on what the garbage collector does between forward and backward. DJL's
 * {@code mul(Number)} once let autograd read a freed scalar (see {@link Scalars}); here the collector
 * runs and freed memory is refilled with NaN between the two passes, and the gradients must be the
 * same, bit for bit, as without.
 */
class GradientStabilityTest {
    @Test
    void aGarbageCollectionBetweenForwardAndBackwardChangesNoGradient() {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[64 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(4) == 0 ? (float) random.nextDouble() : 0f;
        }
        float[] eps = new float[64 * 2];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager();
                VaeWeights weights = VaeWeights.initialise(manager, 2, Initialisation.KAIMING_NORMAL, 1)) {
            weights.requireGradients();
            CourseVae vae = new CourseVae(weights);
            Map<String, float[]> calm = gradients(vae, weights, manager, x, eps, false);
            for (int round = 0; round < 5; round++) {
                Map<String, float[]> stormy = gradients(vae, weights, manager, x, eps, true);
                for (String name : weights.names()) {
                    assertArrayEquals(calm.get(name), stormy.get(name), "gradient of " + name + " in round " + round);
                }
            }
        }
    }

    private static Map<String, float[]> gradients(CourseVae vae, VaeWeights weights, NDManager manager, float[] x,
                                                  float[] eps, boolean collectGarbageMidway) {
        Map<String, float[]> grads = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray images = manager.create(x, new Shape(64, 1, 28, 28));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                CourseVae.Encoding enc = vae.encode(images);
                NDArray logits = vae.decodeLogits(CourseVae.sample(enc.mu(), enc.logvar(), manager.create(eps, new Shape(64, 2))));
                NDArray loss = VaeLoss.bce(logits, images).add(VaeLoss.kld(enc.mu(), enc.logvar()).mul(Scalars.of(logits, 0.7f)));
                if (collectGarbageMidway) {
                    churnNativeMemory();
                }
                collector.backward(loss);
            }
            for (String name : weights.names()) {
                try (NDArray g = weights.get(name).getGradient()) {
                    grads.put(name, g.toFloatArray());
                    GradMode.off(() -> g.subi(g));
                }
            }
        }
        return grads;
    }

    /** Frees unreachable direct buffers and refills native memory with NaN, as a busy JVM would. */
    private static void churnNativeMemory() {
        for (int pass = 0; pass < 3; pass++) {
            System.gc();
            List<ByteBuffer> filler = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                b.putFloat(0, Float.NaN);
                filler.add(b);
            }
        }
    }
}
