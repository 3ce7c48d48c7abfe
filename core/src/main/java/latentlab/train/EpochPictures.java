package latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import latentlab.data.Mnist;
import latentlab.model.CourseVae;
import latentlab.model.GradMode;
import latentlab.model.VaeArchitecture;
import latentlab.render.DigitGrid;

/**
 * Draws each epoch's two pictures into the run folder: the sample grid decoded from the run's fixed noise,
 * and its fixed test digits over their reconstructions ({@link FixedExamples}), so epoch 1 and epoch 10
 * are comparable. One of the job's own listeners: the PNGs are on disk before anyone hears of the epoch.
 */
final class EpochPictures implements TrainingListener {
    private final RunDirectory run;
    private final Hyperparameters hp;
    private final Mnist data;
    private final long[] digits;

    EpochPictures(RunDirectory run, Hyperparameters hp, Mnist data) {
        this.run = run;
        this.hp = hp;
        this.data = data;
        this.digits = FixedExamples.testDigits(hp.seed(), data.testLabels());
    }

    @Override
    public void epochDone(EpochEnd end) {
        EpochImages images = GradMode.off(() -> draw(end.epoch(), end.model()));
        try {
            run.saveImages(images);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the pictures of epoch " + end.epoch() + " of run " + run.id(), e);
        }
    }

    private EpochImages draw(int epoch, CourseVae vae) {
        Examples examples = examplesOn(vae.weights().manager());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] samples = vae.decode(examples.noise()).toFloatArray();
            float[] recon = vae.decode(vae.encode(examples.digits()).mu()).toFloatArray();
            float[] pair = new float[examples.originals().length + recon.length];
            System.arraycopy(examples.originals(), 0, pair, 0, examples.originals().length);
            System.arraycopy(recon, 0, pair, examples.originals().length, recon.length);
            return new EpochImages(epoch, DigitGrid.png(samples, FixedExamples.SAMPLES, FixedExamples.SAMPLE_COLUMNS),
                    DigitGrid.png(pair, 2 * digits.length, digits.length));
        }
    }

    /** The fixed noise and test digits, on the training device from the run's first picture on (freed with the model). */
    private record Examples(NDManager owner, NDArray noise, NDArray digits, float[] originals) {}

    private Examples examples;

    private Examples examplesOn(NDManager model) {
        if (examples == null || examples.owner() != model) {
            int latent = hp.latentDim();
            float[] originals = new float[digits.length * Mnist.PIXELS];
            for (int i = 0; i < digits.length; i++) {
                System.arraycopy(Mnist.scaled(data.testImages(), (int) digits[i], 1), 0, originals, i * Mnist.PIXELS, Mnist.PIXELS);
            }
            NDArray noise = model.create(FixedExamples.noise(hp.seed(), latent), new Shape(FixedExamples.SAMPLES, latent));
            NDArray x = model.create(originals, VaeArchitecture.images(digits.length));
            NDScope.unregister(noise, x);
            examples = new Examples(model, noise, x, originals);
        }
        return examples;
    }
}
