package latentlab.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libtorch is decided before DJL loads anything, from the folder's own files and the JNI jar on the class
 * path: each layout the official builds ship is read, and each wrong one is one line naming the cause.
 * (Running on a folder for real is OutsideLibtorchTest, in its own processes.)
 */
class LibtorchChoiceTest {
    private static final JniBuild JNI = JniBuild.onClassPath();
    @TempDir
    Path root;

    @Test
    void theJarsSayWhatTheJniServes() {
        assertEquals("2.7.1", JNI.torchVersion());
        assertEquals("0.36.0", JNI.djlVersion());
        assertEquals("linux-x86_64", JNI.platform());
        assertEquals(java.util.List.of("cpu", "cu128"), JNI.flavours(), "DJL 0.36's pytorch-jni for linux-x86_64");
        assertEquals("2.7.1", JNI.bundled().version());
        assertEquals("cpu", JNI.bundled().flavour());
    }

    @Test
    void nothingSetMeansTheBundledLibtorch() {
        Libtorch.Choice c = Libtorch.decide(Map.of(), JNI);
        assertNull(c.folder());
        assertEquals("bundled in the jar", c.where());
        assertEquals("2.7.1", Libtorch.decide(Map.of("PYTORCH_VERSION", "2.7.1"), JNI).build().version(), "the bundled version named is fine");
    }

    @Test
    void theLibtorchZipSaysItsBuildInBuildVersion() throws IOException {
        Path lib = folder("libtorch/lib", "libtorch/build-version", "2.7.1+cu128\n");
        Libtorch.Choice c = Libtorch.decide(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), JNI);
        assertEquals(new LibtorchBuild("2.7.1", "cu128", root.resolve("libtorch/build-version").toString()), c.build());
        assertEquals(lib, c.folder());
    }

    @Test
    void aPytorchInstallSaysItInVersionPy() throws IOException {
        Path lib = folder("site-packages/torch/lib", "site-packages/torch/version.py",
                "from typing import Optional\n__version__ = '2.7.1'\ndebug = False\ncuda: Optional[str] = '12.8'\n");
        assertEquals("cu128", Libtorch.decide(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), JNI).build().flavour());
        Path cpu = folder("cpu/torch/lib", "cpu/torch/version.py", "__version__ = '2.7.1+cpu'\ncuda = None\n");
        assertEquals("cpu", Libtorch.decide(Map.of("PYTORCH_LIBRARY_PATH", cpu.toString()), JNI).build().flavour());
    }

    @Test
    void djlsOwnNativeJarUnpackedSaysItInPytorchProperties() throws IOException {
        Path lib = folder("jar/pytorch/cpu/linux-x86_64", "jar/native/lib/pytorch.properties",
                "version=2.7.1-20250812\nflavor=cpu\nclassifier=linux-x86_64\n");
        assertEquals(new LibtorchBuild("2.7.1", "cpu", root.resolve("jar/native/lib/pytorch.properties").toString()),
                Libtorch.decide(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), JNI).build());
    }

    @Test
    void aWrongVersionOrFlavourIsOneLineNamingBoth() throws IOException {
        Path old = folder("old/torch/lib", "old/torch/version.py", "__version__ = '2.5.1+cu124'\n");
        String wrong = refused(Map.of("PYTORCH_LIBRARY_PATH", old.toString()));
        assertTrue(wrong.startsWith("version mismatch: PYTORCH_LIBRARY_PATH=" + old + " holds PyTorch 2.5.1"), wrong);
        assertTrue(wrong.contains("built for PyTorch 2.7.1"), wrong);

        Path cu126 = folder("pypi/torch/lib", "pypi/torch/version.py", "__version__ = '2.7.1'\ncuda: Optional[str] = '12.6'\n");
        String flavour = refused(Map.of("PYTORCH_LIBRARY_PATH", cu126.toString()));
        assertTrue(flavour.startsWith("flavour mismatch:") && flavour.contains("2.7.1 (cu126)") && flavour.contains("cpu or cu128"), flavour);
        assertTrue(flavour.contains("install the 2.7.1 cu128 build"), flavour);
        assertTrue(!flavour.contains("\n") && !wrong.contains("\n"));
    }

    @Test
    void aFolderThatIsNoLibtorchIsSaid() throws IOException {
        assertTrue(refused(Map.of("PYTORCH_LIBRARY_PATH", root.resolve("nope").toString())).endsWith("is not a folder"));
        assertTrue(refused(Map.of("PYTORCH_LIBRARY_PATH", root.toString())).contains("holds no libtorch.so"));
        Path bare = root.resolve("bare/lib");
        Files.createDirectories(bare);
        Files.createFile(bare.resolve("libtorch.so"));
        String unknown = refused(Map.of("PYTORCH_LIBRARY_PATH", bare.toString()));
        assertTrue(unknown.startsWith("nothing beside " + bare + " says which PyTorch it is") && unknown.contains("set PYTORCH_VERSION"), unknown);
        Libtorch.Choice told = Libtorch.decide(Map.of("PYTORCH_LIBRARY_PATH", bare.toString(), "PYTORCH_VERSION", "2.7.1",
                "PYTORCH_FLAVOR", "cu128"), JNI);
        assertEquals(new LibtorchBuild("2.7.1", "cu128", "PYTORCH_VERSION and PYTORCH_FLAVOR"), told.build(), "the person's word, where the folder says nothing");
    }

    @Test
    void variablesThatWouldMakeDjlDownloadOrContradictTheFolderAreRefused() throws IOException {
        String download = refused(Map.of("PYTORCH_VERSION", "2.5.1"));
        assertTrue(download.startsWith("PYTORCH_VERSION=2.5.1 without PYTORCH_LIBRARY_PATH would make DJL download"), download);
        String flavourAlone = refused(Map.of("PYTORCH_FLAVOR", "cu128"));
        assertTrue(flavourAlone.startsWith("PYTORCH_FLAVOR=cu128 needs PYTORCH_LIBRARY_PATH"), flavourAlone);
        Path lib = folder("libtorch/lib", "libtorch/build-version", "2.7.1+cpu");
        String contradicts = refused(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu128"));
        assertTrue(contradicts.startsWith("PYTORCH_FLAVOR=cu128 but ") && contradicts.endsWith("says cpu: unset PYTORCH_FLAVOR (the folder says which it is)"), contradicts);
    }

    @Test
    void theFirstEntryOfAPathListHoldingLibtorchIsTaken() throws IOException {
        Path lib = folder("libtorch/lib", "libtorch/build-version", "2.7.1+cpu");
        Libtorch.Choice c = Libtorch.decide(Map.of("PYTORCH_LIBRARY_PATH", root.resolve("elsewhere") + ":" + lib), JNI);
        assertEquals(lib, c.folder());
    }

    private Path folder(String lib, String versionFile, String content) throws IOException {
        Path dir = root.resolve(lib);
        Files.createDirectories(dir);
        Files.createFile(dir.resolve("libtorch.so")); // only looked at, never loaded, here
        Files.createDirectories(root.resolve(versionFile).getParent());
        Files.writeString(root.resolve(versionFile), content);
        return dir;
    }

    private static String refused(Map<String, String> env) {
        return assertThrows(LibtorchException.class, () -> Libtorch.decide(env, JNI)).getMessage();
    }
}
