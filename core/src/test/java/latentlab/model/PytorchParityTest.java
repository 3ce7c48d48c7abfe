package latentlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Latent Lab's VAE is the same function as the course's PyTorch model: from the same weights, inputs
 * and eps (a fixture from shared/bench/vae_reference.py --dump-check) it gives the same activations,
 * losses, gradients and, after three Adam steps, the same losses and weights.
 */
class PytorchParityTest {
    private final ParityFixture fixture = new ParityFixture();
    private NDManager manager;
    private VaeWeights weights;
    private CourseVae vae;

    @BeforeEach
    void loadPytorchWeights() {
        manager = NDManager.newBaseManager();
        weights = VaeWeights.fromValues(manager, fixture.latent, fixture.parameters("param_"));
        vae = new CourseVae(weights);
    }

    @AfterEach
    void free() {
        weights.close();
        manager.close();
    }

    private NDArray images(String file) {
        float[] x = fixture.floats(file);
        return manager.create(x, new Shape(x.length / 784, 1, 28, 28));
    }

    private NDArray noise(String file) {
        float[] eps = fixture.floats(file);
        return manager.create(eps, new Shape(eps.length / fixture.latent, fixture.latent));
    }

    @Test
    void forwardPassMatchesPytorch() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = images("x");
            CourseVae.Encoding enc = vae.encode(x);
            NDArray z = CourseVae.sample(enc.mu(), enc.logvar(), noise("eps"));
            NDArray logits = vae.decodeLogits(z);
            assertClose("mu", enc.mu().toFloatArray(), fixture.floats("mu"), 1e-5);
            assertClose("logvar", enc.logvar().toFloatArray(), fixture.floats("logvar"), 1e-5);
            assertClose("recon", logits.getNDArrayInternal().sigmoid().toFloatArray(), fixture.floats("recon"), 1e-5);
            float bce = VaeLoss.bce(logits, x).getFloat();
            float kld = VaeLoss.kld(enc.mu(), enc.logvar()).getFloat();
            assertRelative("BCE", bce, fixture.meta.get("bce").asDouble(), 1e-5);
            assertRelative("KLD", kld, fixture.meta.get("kld").asDouble(), 1e-5);
        }
    }

    @Test
    void theExplorersFrozenDecoderMatchesPytorch() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            FrozenDecoder decoder = new FrozenDecoder(weights);
            CourseVae.Encoding enc = vae.encode(images("x"));
            NDArray z = CourseVae.sample(enc.mu(), enc.logvar(), noise("eps"));
            float[] pixels = GradMode.off(() -> decoder.decode(z).toFloatArray());
            assertClose("frozen decoder recon", pixels, fixture.floats("recon"), 1e-5);
        }
    }

    @Test
    void theFrozenDecoderMatchesPytorchOneCodeAtATime() {
        // a slider decodes one code: the decoder takes its batch-1 path (matrix products and col2im)
        float[] recon = fixture.floats("recon");
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            FrozenDecoder decoder = new FrozenDecoder(weights);
            CourseVae.Encoding enc = vae.encode(images("x"));
            NDArray z = CourseVae.sample(enc.mu(), enc.logvar(), noise("eps"));
            for (int i = 0; i < z.getShape().get(0); i++) {
                NDArray code = z.get(i + ":" + (i + 1));
                float[] pixels = GradMode.off(() -> decoder.decode(code).toFloatArray());
                float[] expected = Arrays.copyOfRange(recon, i * 784, (i + 1) * 784);
                assertClose("frozen decoder recon of code " + i + " alone", pixels, expected, 1e-5);
            }
        }
    }

    @Test
    void transposedConvolutionsMatchPytorch() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x2 = manager.create(fixture.floats("ct_s2_x"), new Shape(3, 64, 7, 7));
            NDArray w2 = manager.create(fixture.floats("ct_s2_w"), new Shape(64, 32, 3, 3));
            NDArray b2 = manager.create(fixture.floats("ct_s2_b"), new Shape(32));
            NDArray y2 = TransposedConvolution.stride2(x2, w2, b2);
            assertEquals(new Shape(3, 32, 14, 14), y2.getShape());
            assertClose("ConvTranspose2d s2", y2.toFloatArray(), fixture.floats("ct_s2_y"), 1e-5);

            NDArray x1 = manager.create(fixture.floats("ct_s1_x"), new Shape(3, 32, 28, 28));
            NDArray w1 = manager.create(fixture.floats("ct_s1_w"), new Shape(32, 1, 3, 3));
            NDArray b1 = manager.create(fixture.floats("ct_s1_b"), new Shape(1));
            NDArray y1 = TransposedConvolution.stride1(x1, w1, b1);
            assertEquals(new Shape(3, 1, 28, 28), y1.getShape());
            assertClose("ConvTranspose2d s1", y1.toFloatArray(), fixture.floats("ct_s1_y"), 1e-5);

        }
    }

    @Test
    void gradientsAndThreeAdamStepsMatchPytorch() {
        weights.requireGradients();
        try (AdamOptimizer adam = new AdamOptimizer(weights)) {
            for (int k = 0; k < 3; k++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    float[] losses = trainingStep(images("step" + k + "_x"), noise("step" + k + "_eps"));
                    var expected = fixture.meta.get("steps").get(k);
                    assertRelative("step " + k + " BCE", losses[0], expected.get(0).asDouble(), 1e-5);
                    assertRelative("step " + k + " KLD", losses[1], expected.get(1).asDouble(), 1e-5);
                    if (k == 0) {
                        Map<String, float[]> grads = fixture.parameters("grad0_");
                        for (String name : weights.names()) {
                            assertClose("gradient of " + name, weights.get(name).getGradient().toFloatArray(),
                                    grads.get(name), 1e-4);
                        }
                    }
                    adam.step(1e-3f);
                }
            }
        }
        Map<String, float[]> after = fixture.parameters("after3_");
        for (String name : weights.names()) {
            double diff = ParityFixture.maxAbsDiff(weights.get(name).toFloatArray(), after.get(name));
            assertTrue(diff < 2e-3, name + " after three Adam steps differs by " + diff);
        }
    }

    private float[] trainingStep(NDArray x, NDArray eps) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            CourseVae.Encoding enc = vae.encode(x);
            NDArray logits = vae.decodeLogits(CourseVae.sample(enc.mu(), enc.logvar(), eps));
            NDArray bce = VaeLoss.bce(logits, x);
            NDArray kld = VaeLoss.kld(enc.mu(), enc.logvar());
            collector.backward(bce.add(kld));
            return new float[] {bce.getFloat(), kld.getFloat()};
        }
    }

    private static void assertClose(String what, float[] actual, float[] expected, double tolerance) {
        double error = ParityFixture.relativeError(actual, expected);
        assertTrue(error < tolerance, what + ": relative error " + error + " ≥ " + tolerance);
    }

    private static void assertRelative(String what, double actual, double expected, double tolerance) {
        double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(error < tolerance, what + ": " + actual + " vs PyTorch " + expected + " (relative error " + error + ")");
    }
}
