package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import latentlab.RealMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU's mechanism, proved on the CPU: a libtorch from a folder outside the jar, named by
 * PYTORCH_LIBRARY_PATH as a GPU machine names its CUDA build, trains a run, and the startup line names that
 * folder; a folder holding another PyTorch (Debian's python3-torch, 1.13) is one line and exit 2, with
 * nothing downloaded; --device gpu on a machine without one names the cause and exits 2.
 */
class OutsideLibtorchTest {
    /** The CPU libtorch 2.7.1 unpacked from the same Maven artifact the jar bundles. */
    private static final Path OUTSIDE = Path.of("target", "libtorch-outside").toAbsolutePath();
    /** Debian's python3-torch (which .ci/run installs for the PyTorch export test): a real libtorch of another version. */
    private static final Path DEBIAN_TORCH = Path.of("/usr/lib/python3/dist-packages/torch/lib");
    @TempDir
    Path models;
    @TempDir
    Path djlCache;

    @Test
    void aRunTrainsOnALibtorchFromOutsideTheJar() throws Exception {
        RealMnist.get();
        Path lib = unpackedCpuLibtorch();
        Run run = train(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), "--epochs", "1", "--train-limit", "512", "--seed", "3",
                "--device", "cpu", "--quiet");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().lines().anyMatch(l -> l.equals("Training on CPU (" + Runtime.getRuntime().availableProcessors()
                + " cores) with PyTorch 2.7.1 (cpu), libtorch from " + lib + " (PYTORCH_LIBRARY_PATH)")), run.output());
        assertTrue(run.output().contains("finished "), run.output());
        try (Stream<Path> cached = Files.walk(djlCache)) {
            List<String> names = cached.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of("0.36.0-libdjl_torch.so"), names, "only the JNI came from the jar; libtorch was not unpacked");
        }
    }

    @Test
    void aFolderHoldingAnotherPytorchIsOneLineAndExit2() throws Exception {
        assertTrue(Files.isRegularFile(DEBIAN_TORCH.resolve("libtorch.so")), "python3-torch is installed (.ci/run installs it)");
        Run run = train(Map.of("PYTORCH_LIBRARY_PATH", DEBIAN_TORCH.toString()), "--epochs", "1");
        assertEquals(2, run.exit(), run.output());
        assertEquals(List.of("error: version mismatch: PYTORCH_LIBRARY_PATH=" + DEBIAN_TORCH + " holds PyTorch 1.13.0a0 ("
                + DEBIAN_TORCH.getParent().resolve("version.py") + "), and this Latent Lab's JNI is built for PyTorch 2.7.1 (DJL 0.36.0): "
                + "install PyTorch 2.7.1 (cpu or cu128)"), run.output().lines().toList());
        try (Stream<Path> cached = Files.list(djlCache)) {
            assertEquals(0, cached.count(), "DJL was never asked: nothing loaded, nothing downloaded");
        }
    }

    @Test
    void aVersionWithoutAFolderWouldDownloadSoItIsRefused() throws Exception {
        Run run = train(Map.of("PYTORCH_VERSION", "2.5.1"), "--epochs", "1");
        assertEquals(2, run.exit(), run.output());
        assertEquals(1, run.output().lines().count(), run.output());
        assertTrue(run.output().startsWith("error: PYTORCH_VERSION=2.5.1 without PYTORCH_LIBRARY_PATH would make DJL download"), run.output());
    }

    @Test
    void aGpuAskedForWhereNoneIsUsableNamesTheCause() throws Exception {
        Run run = train(Map.of(), "--device", "gpu", "--epochs", "1");
        assertEquals(2, run.exit(), run.output());
        assertEquals(1, run.output().lines().count(), run.output());
        String expected = Files.exists(Path.of("/proc/driver/nvidia/version"))
                ? "error: --device gpu: the libtorch in use is CPU-only" // a GPU machine running the jar's own libtorch
                : "error: --device gpu: no NVIDIA driver on this machine (/proc/driver/nvidia/version is missing), and the libtorch in use is CPU-only";
        assertTrue(run.output().startsWith(expected), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
    }

    private record Run(int exit, String output) {}

    private Run train(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", classpath(), "latentlab.Main", "train", "--models", models.toString(), "--data", RealMnist.DIR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("DJL_CACHE_DIR", djlCache.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("PYTORCH_") || k.equals("CUDA_VISIBLE_DEVICES"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Run(process.waitFor(), output);
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** The pytorch-native-cpu jar on the class path, unpacked (once) into target/: its layout, its pytorch.properties. */
    private static synchronized Path unpackedCpuLibtorch() throws IOException {
        Path lib = OUTSIDE.resolve("pytorch/cpu/linux-x86_64");
        if (Files.isRegularFile(lib.resolve("libtorch_cpu.so")) && Files.isRegularFile(OUTSIDE.resolve("native/lib/pytorch.properties"))) {
            return lib;
        }
        URL marker = OutsideLibtorchTest.class.getClassLoader().getResource("native/lib/pytorch.properties");
        assertTrue(marker != null && marker.getProtocol().equals("jar"), "pytorch-native-cpu is on the class path as a jar: " + marker);
        Path tmp = Files.createTempDirectory(OUTSIDE.getParent(), "libtorch-unpacking");
        try (JarFile jar = ((JarURLConnection) marker.openConnection()).getJarFile()) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || !(e.getName().startsWith("pytorch/") || e.getName().startsWith("native/"))) {
                    continue;
                }
                Path to = tmp.resolve(e.getName()).normalize();
                assertTrue(to.startsWith(tmp), e.getName());
                Files.createDirectories(to.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (Files.exists(OUTSIDE)) {
            try (Stream<Path> old = Files.walk(OUTSIDE)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.move(tmp, OUTSIDE);
        return lib;
    }
}
