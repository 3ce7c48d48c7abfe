package latentlab.data;

import java.io.IOException;
import java.nio.file.Path;

/** The MNIST train and test sets, loaded from verified IDX files. Pixels stay bytes until batched. */
public record Mnist(IdxFile.Images trainImages, byte[] trainLabels, IdxFile.Images testImages, byte[] testLabels) {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    public Mnist {
        if (trainImages.count() != trainLabels.length || testImages.count() != testLabels.length) {
            throw new MnistDataException("MNIST image and label counts differ ("
                    + trainImages.count() + "/" + trainLabels.length + " train, "
                    + testImages.count() + "/" + testLabels.length + " test)");
        }
    }

    /** Loads the four files from a folder {@link MnistFetcher} has verified. */
    public static Mnist load(Path dir) throws IOException {
        return new Mnist(
                IdxFile.readImages(dir.resolve("train-images-idx3-ubyte")),
                IdxFile.readLabels(dir.resolve("train-labels-idx1-ubyte")),
                IdxFile.readImages(dir.resolve("t10k-images-idx3-ubyte")),
                IdxFile.readLabels(dir.resolve("t10k-labels-idx1-ubyte")));
    }

    /** Fetches (if needed), verifies and loads MNIST from {@code dir}. */
    public static Mnist fetchAndLoad(Path dir, java.util.function.Consumer<String> log) throws IOException {
        return load(new MnistFetcher(dir, log, true).ensure());
    }

    /** Pixels of images {@code first} … {@code first + count - 1} scaled to [0,1] as float32, image-major. */
    public static float[] scaled(IdxFile.Images images, int first, int count) {
        byte[] pixels = images.pixels();
        float[] out = new float[count * PIXELS];
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[first * PIXELS + i] & 0xff) / 255f;
        }
        return out;
    }
}
