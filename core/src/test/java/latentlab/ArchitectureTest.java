package latentlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house as docs/architecture.md draws it, read from the sources of both modules: every package
 * depends only on the rooms below it (so there is no cycle), the command line reaches the benchmarks
 * through one door, and what only the benchmarks use stays out of the server.
 */
class ArchitectureTest {
    /** The rooms, lowest first; a package may use only packages of a lower rank. */
    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("data", 0), Map.entry("json", 0), Map.entry("render", 0), Map.entry("torch", 0),
            Map.entry("model", 1),
            Map.entry("train", 2),
            Map.entry("live", 3), Map.entry("explore", 3),
            Map.entry("web", 4),
            Map.entry("bench", 5),
            Map.entry("cli", 6),
            Map.entry("", 7)); // latentlab.Main
    private static final List<Path> SOURCES = List.of(Path.of("core/src/main/java"), Path.of("app/src/main/java"));
    private static final Pattern USE = Pattern.compile("\\blatentlab\\.(\\w+)\\.[A-Z]");

    private record Source(Path file, String pkg, String text) {}

    private static List<Source> sources() {
        List<Source> all = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String relative = root.relativize(file.getParent()).toString().replace('/', '.');
                    String pkg = relative.equals("latentlab") ? "" : relative.substring("latentlab.".length());
                    all.add(new Source(file, pkg, Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(all.size() > 50, "the sources were found (tests run from the checkout's root): " + all.size());
        return all;
    }

    @Test
    void everyPackageUsesOnlyTheRoomsBelowItSoThereIsNoCycle() {
        Map<String, TreeSet<String>> wrong = new TreeMap<>();
        for (Source s : sources()) {
            assertTrue(RANK.containsKey(s.pkg()), s.file() + " is in a package docs/architecture.md does not place: " + s.pkg());
            Matcher m = USE.matcher(s.text());
            while (m.find()) {
                String used = m.group(1);
                if (!used.equals(s.pkg()) && RANK.containsKey(used) && RANK.get(used) >= RANK.get(s.pkg())) {
                    wrong.computeIfAbsent(s.file().getFileName().toString(), f -> new TreeSet<>()).add(used);
                }
            }
        }
        assertEquals(Map.of(), wrong, "files that use a room at their own level or above it");
    }

    @Test
    void theCommandLineReachesTheBenchmarksThroughBenchCommandAlone() {
        List<String> doors = sources().stream()
                .filter(s -> s.pkg().equals("cli") && s.text().contains("latentlab.bench."))
                .map(s -> s.file().getFileName().toString()).toList();
        assertEquals(List.of("BenchCommand.java"), doors);
    }

    @Test
    void onlyTheBenchmarksUseJettysClients() {
        List<String> users = sources().stream()
                .filter(s -> s.text().contains("org.eclipse.jetty.client") || s.text().contains("org.eclipse.jetty.websocket.client"))
                .filter(s -> !s.pkg().equals("bench"))
                .map(s -> s.file().toString()).toList();
        assertEquals(List.of(), users);
    }
}
