package latentlab.torch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which libtorch this process runs on, decided before DJL loads one, so that a wrong one is a clear line
 * and never a download: by default the CPU libtorch bundled in the jar; with {@code PYTORCH_LIBRARY_PATH}
 * the folder it names (an official PyTorch 2.7.1 build, CPU or CUDA 12.8), checked against the JNI the jar
 * carries. DJL reads {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR} from the environment or, failing
 * that, from system properties: for a folder we set the properties from what the folder holds, so only the
 * folder need be given.
 */
public final class Libtorch {
    private static volatile Choice chosen;

    private Libtorch() {}

    /** Where the libtorch comes from: {@code folder} null for the bundled one. */
    public record Choice(LibtorchBuild build, Path folder) {
        /** "bundled in the jar" or "from PYTORCH_LIBRARY_PATH=/opt/torch/lib". */
        public String where() {
            return folder == null ? "bundled in the jar" : "from PYTORCH_LIBRARY_PATH=" + folder;
        }
    }

    /** Decides from the process's environment (call before anything touches DJL); throws {@link LibtorchException}. */
    public static Choice prepare() {
        return prepare(System.getenv(), JniBuild.onClassPath());
    }

    static synchronized Choice prepare(Map<String, String> env, JniBuild jni) {
        Choice c = decide(env, jni);
        if (c.folder() != null) {
            if (blank(env.get("PYTORCH_VERSION"))) {
                System.setProperty("PYTORCH_VERSION", c.build().version());
            }
            if (blank(env.get("PYTORCH_FLAVOR"))) {
                System.setProperty("PYTORCH_FLAVOR", c.build().flavour());
            }
        }
        chosen = c;
        return c;
    }

    /** The choice made by {@link #prepare}; the bundled libtorch where nothing was prepared (tests in one JVM). */
    public static synchronized Choice chosen() {
        if (chosen == null) {
            chosen = new Choice(JniBuild.onClassPath().bundled(), null);
        }
        return chosen;
    }

    static Choice decide(Map<String, String> env, JniBuild jni) {
        String path = env.get("PYTORCH_LIBRARY_PATH");
        String version = env.get("PYTORCH_VERSION");
        String flavour = env.get("PYTORCH_FLAVOR");
        if (blank(path)) {
            if (!blank(version) && !LibtorchBuild.release(version).equals(jni.bundled().version())) {
                throw new LibtorchException("PYTORCH_VERSION=" + version + " without PYTORCH_LIBRARY_PATH would make DJL download "
                        + "that libtorch, and Latent Lab never downloads one: unset it, or set PYTORCH_LIBRARY_PATH to the lib "
                        + "folder of a PyTorch " + jni.torchVersion() + " build");
            }
            if (!blank(flavour) && !flavour.replace("-precxx11", "").equals(jni.bundled().flavour())) {
                throw new LibtorchException("PYTORCH_FLAVOR=" + flavour + " needs PYTORCH_LIBRARY_PATH: the libtorch bundled in "
                        + "the jar is " + jni.bundled().label() + "; set PYTORCH_LIBRARY_PATH to the lib folder of a PyTorch "
                        + jni.torchVersion() + " " + flavour + " build");
            }
            return new Choice(jni.bundled(), null);
        }
        Path folder = folderOf(path);
        Optional<LibtorchBuild> found = LibtorchFolder.inspect(folder);
        LibtorchBuild build;
        if (found.isPresent()) {
            build = found.get();
            if (!blank(version) && !LibtorchBuild.release(version).equals(build.version())) {
                throw new LibtorchException("PYTORCH_VERSION=" + version + " but " + build.evidence() + " says " + build.version()
                        + ": unset PYTORCH_VERSION (the folder says which it is)");
            }
            if (!blank(flavour) && !"unknown".equals(build.flavour()) && !flavour.replace("-precxx11", "").equals(build.flavour())) {
                throw new LibtorchException("PYTORCH_FLAVOR=" + flavour + " but " + build.evidence() + " says " + build.flavour()
                        + ": unset PYTORCH_FLAVOR (the folder says which it is)");
            }
            if ("unknown".equals(build.flavour())) {
                if (blank(flavour)) {
                    throw new LibtorchException(build.evidence() + " does not say whether " + folder + " is a CPU or a CUDA "
                            + "build: set PYTORCH_FLAVOR (" + jni.flavourList() + ")");
                }
                build = new LibtorchBuild(build.version(), flavour.replace("-precxx11", ""), build.evidence() + " and PYTORCH_FLAVOR");
            }
        } else {
            if (blank(version) || blank(flavour)) {
                throw new LibtorchException("nothing beside " + folder + " says which PyTorch it is (no ../build-version, "
                        + "../version.py or DJL pytorch.properties): set PYTORCH_VERSION (" + jni.torchVersion()
                        + ") and PYTORCH_FLAVOR (" + jni.flavourList() + ")");
            }
            build = new LibtorchBuild(LibtorchBuild.release(version), flavour.replace("-precxx11", ""), "PYTORCH_VERSION and PYTORCH_FLAVOR");
        }
        if (!build.version().equals(jni.torchVersion())) {
            throw new LibtorchException("version mismatch: PYTORCH_LIBRARY_PATH=" + folder + " holds PyTorch " + build.version()
                    + " (" + build.evidence() + "), and this Latent Lab's JNI is built for PyTorch " + jni.torchVersion()
                    + " (DJL " + jni.djlVersion() + "): install PyTorch " + jni.torchVersion() + " (" + jni.flavourList() + ")");
        }
        if (!jni.flavours().contains(build.flavour())) {
            throw new LibtorchException("flavour mismatch: PYTORCH_LIBRARY_PATH=" + folder + " holds PyTorch " + build.label()
                    + ", and DJL " + jni.djlVersion() + "'s JNI for " + jni.platform() + " is built for " + jni.flavourList()
                    + " only: install the " + jni.torchVersion() + " " + jni.flavours().get(jni.flavours().size() - 1) + " build");
        }
        return new Choice(build, folder);
    }

    /** DJL takes the first entry of a path list that holds libtorch; so do we (and name the first when none does). */
    private static Path folderOf(String path) {
        String[] entries = path.split(File.pathSeparator);
        for (String e : entries) {
            if (!e.isBlank() && new File(e, LibtorchFolder.LIBTORCH).isFile()) {
                return Path.of(e).toAbsolutePath().normalize();
            }
        }
        return Path.of(entries.length == 0 ? path : entries[0]).toAbsolutePath().normalize();
    }

    /**
     * The startup line's words, from what DJL actually loaded: "PyTorch 2.7.1 (cu128), libtorch from
     * /opt/torch/lib (PYTORCH_LIBRARY_PATH)": the folder is the one DJL reports having loaded. Loads the engine.
     */
    public static String loaded() {
        Engine.getInstance();
        Choice c = chosen();
        return "PyTorch " + LibUtils.getVersion() + " (" + c.build().flavour() + "), libtorch from " + LibUtils.getLibtorchPath()
                + (c.folder() == null ? " (bundled in the jar, unpacked into DJL's cache)" : " (PYTORCH_LIBRARY_PATH)");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
