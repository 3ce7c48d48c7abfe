package latentlab.torch;

import ai.djl.util.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the jars on the class path were built for: DJL's PyTorch JNI ({@code pytorch-jni}, e.g.
 * "2.7.1-0.36.0", one binary per platform and flavour) and the libtorch bundled in the jar
 * ({@code pytorch-native-cpu}). A libtorch from elsewhere must match the JNI's version and one of its flavours.
 */
public record JniBuild(String torchVersion, String djlVersion, String platform, List<String> flavours, LibtorchBuild bundled) {
    /** Flavours DJL has published JNI binaries for; those present in the jar for this platform are the usable ones. */
    private static final List<String> KNOWN_FLAVOURS = List.of("cpu", "cu118", "cu121", "cu124", "cu126", "cu128", "cu129", "cu130");

    public static JniBuild onClassPath() {
        Properties jni = properties("jnilib/pytorch.properties");
        String jniVersion = jni.getProperty("jni_version", "");
        int dash = jniVersion.indexOf('-');
        if (dash < 0) {
            throw new LibtorchException("the PyTorch JNI jar's version is unreadable (\"" + jniVersion + "\"): rebuild the jar");
        }
        String platform = Platform.detectPlatform("pytorch").getClassifier();
        List<String> flavours = new ArrayList<>();
        for (String f : KNOWN_FLAVOURS) {
            if (JniBuild.class.getClassLoader().getResource("jnilib/" + platform + "/" + f + "/" + System.mapLibraryName("djl_torch")) != null) {
                flavours.add(f);
            }
        }
        Properties nat = properties("native/lib/pytorch.properties");
        LibtorchBuild bundled = new LibtorchBuild(LibtorchBuild.release(nat.getProperty("version", "?")),
                nat.getProperty("flavor", "?"), "the jar (pytorch-native-" + nat.getProperty("flavor", "?") + ")");
        return new JniBuild(jniVersion.substring(0, dash), jniVersion.substring(dash + 1), platform, List.copyOf(flavours), bundled);
    }

    private static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = JniBuild.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LibtorchException(resource + " is missing from the class path: rebuild the jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** "cpu or cu128". */
    public String flavourList() {
        return String.join(" or ", flavours);
    }
}
