package latentlab.torch;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a libtorch folder (the one {@code PYTORCH_LIBRARY_PATH} names) holds, read from the file its
 * publisher ships beside the libraries, before anything is loaded:
 * <ul>
 *   <li>the libtorch zip: {@code libtorch/lib/} and {@code libtorch/build-version} ("2.7.1+cu128");</li>
 *   <li>a PyTorch install (pip wheel, conda, the PyTorch Docker images, Debian's python3-torch):
 *       {@code torch/lib/} and {@code torch/version.py} ({@code __version__}, {@code cuda});</li>
 *   <li>DJL's own native jar unpacked: {@code pytorch/<flavour>/<platform>/} and
 *       {@code native/lib/pytorch.properties}.</li>
 * </ul>
 */
public final class LibtorchFolder {
    static final String LIBTORCH = System.mapLibraryName("torch");
    private static final Pattern PY_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern PY_CUDA = Pattern.compile("(?m)^cuda\\s*(?::[^=]*)?=\\s*(None|['\"]([^'\"]*)['\"])");

    private LibtorchFolder() {}

    /** The folder's build, or empty when no file beside it says which it is; throws when it is no libtorch folder. */
    public static Optional<LibtorchBuild> inspect(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LibtorchException("PYTORCH_LIBRARY_PATH=" + dir + " is not a folder");
        }
        if (!Files.isRegularFile(dir.resolve(LIBTORCH))) {
            throw new LibtorchException("PYTORCH_LIBRARY_PATH=" + dir + " holds no " + LIBTORCH
                    + " (name the lib folder of a libtorch: libtorch/lib or site-packages/torch/lib)");
        }
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            return Optional.empty();
        }
        try {
            Optional<LibtorchBuild> build = fromBuildVersion(parent.resolve("build-version"));
            if (build.isEmpty()) {
                build = fromVersionPy(parent.resolve("version.py"));
            }
            if (build.isEmpty() && parent.getParent() != null && parent.getParent().getParent() != null) {
                build = fromDjlProperties(parent.getParent().getParent().resolve("native/lib/pytorch.properties"));
            }
            return build;
        } catch (IOException e) {
            throw new LibtorchException("cannot read what PYTORCH_LIBRARY_PATH=" + dir + " holds: " + e.getMessage());
        }
    }

    private static Optional<LibtorchBuild> fromBuildVersion(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String version = Files.readString(file, StandardCharsets.UTF_8).trim();
        String flavour = LibtorchBuild.flavourOfLocalVersion(version);
        return Optional.of(new LibtorchBuild(LibtorchBuild.release(version), flavour == null ? "unknown" : flavour, file.toString()));
    }

    private static Optional<LibtorchBuild> fromVersionPy(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher version = PY_VERSION.matcher(text);
        if (!version.find()) {
            return Optional.empty();
        }
        String flavour = LibtorchBuild.flavourOfLocalVersion(version.group(1));
        if (flavour == null) {
            Matcher cuda = PY_CUDA.matcher(text);
            flavour = cuda.find() ? LibtorchBuild.flavourOfCuda(cuda.group(2)) : null;
        }
        return Optional.of(new LibtorchBuild(LibtorchBuild.release(version.group(1)), flavour == null ? "unknown" : flavour,
                file.toString()));
    }

    private static Optional<LibtorchBuild> fromDjlProperties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String version = p.getProperty("version");
        String flavour = p.getProperty("flavor");
        if (version == null || flavour == null) {
            return Optional.empty();
        }
        return Optional.of(new LibtorchBuild(LibtorchBuild.release(version), flavour.replace("-precxx11", ""), file.toString()));
    }
}
