package latentlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SHA-256 of each of the four raw MNIST files, shipped with the app, and the check against them. */
public final class MnistChecksums {
    private static final Map<String, String> EXPECTED = load();

    private MnistChecksums() {}

    /** The four file names, in a fixed order (test images, test labels, train images, train labels). */
    public static Iterable<String> fileNames() {
        return EXPECTED.keySet();
    }

    public static String expected(String fileName) {
        String sum = EXPECTED.get(fileName);
        if (sum == null) {
            throw new IllegalArgumentException("not an MNIST file: " + fileName);
        }
        return sum;
    }

    /** True when the file exists and its SHA-256 is the published one. */
    public static boolean matches(Path file) throws IOException {
        return Files.isRegularFile(file) && expected(file.getFileName().toString()).equals(sha256(file));
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static Map<String, String> load() {
        Map<String, String> sums = new LinkedHashMap<>();
        try (InputStream in = MnistChecksums.class.getResourceAsStream("mnist.sha256")) {
            if (in == null) {
                throw new IllegalStateException("mnist.sha256 is missing from the application");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    sums.put(parts[1], parts[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mnist.sha256", e);
        }
        if (sums.size() != 4) {
            throw new IllegalStateException("mnist.sha256 should list 4 files, lists " + sums.size());
        }
        return java.util.Collections.unmodifiableMap(sums);
    }
}
