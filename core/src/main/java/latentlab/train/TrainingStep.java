package latentlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import latentlab.model.AdamOptimizer;
import latentlab.model.CourseVae;
import latentlab.model.Scalars;
import latentlab.model.VaeLoss;

/** One optimisation step of the course VAE: forward, BCE + weight·KLD, backward, Adam. */
public final class TrainingStep {
    private TrainingStep() {}

    /**
     * {@code x}: pixels (N, 1, 28, 28) in [0,1]; {@code eps}: (N, latent) from N(0, I). Returns the batch's
     * summed [BCE, KLD] as an array on the training device, detached from the graph, which the caller owns
     * and closes; nothing is read back to the host here. Every other temporary, the inputs included, is freed
     * before it returns.
     */
    public static NDArray run(CourseVae vae, AdamOptimizer adam, NDArray x, NDArray eps, float klWeight,
                              float learningRate) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray losses;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                CourseVae.Encoding enc = vae.encode(x);
                NDArray logits = vae.decodeLogits(CourseVae.sample(enc.mu(), enc.logvar(), eps));
                NDArray bce = VaeLoss.bce(logits, x);
                NDArray kld = VaeLoss.kld(enc.mu(), enc.logvar());
                collector.backward(bce.add(kld.mul(Scalars.of(kld, klWeight))));
                losses = NDArrays.stack(new NDList(bce, kld)).stopGradient();
            }
            NDScope.unregister(losses);
            adam.step(learningRate);
            return losses;
        }
    }
}
