package latentlab.torch;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which PyTorch a libtorch folder holds: its version ("2.7.1"), its flavour in DJL's words ("cpu", "cu128")
 * and the file that said so, for messages.
 */
public record LibtorchBuild(String version, String flavour, String evidence) {
    private static final Pattern RELEASE = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(.*)");
    private static final Pattern CUDA = Pattern.compile("(\\d+)\\.(\\d+).*");

    /** "2.7.1" of "2.7.1+cu128", "2.7.1-20250812" or "2.7.1"; a pre-release ("1.13.0a0") stays whole. */
    public static String release(String version) {
        Matcher m = RELEASE.matcher(version.trim());
        if (!m.matches()) {
            return version.trim();
        }
        String rest = m.group(2);
        return rest.isEmpty() || rest.startsWith("+") || rest.matches("-\\d+") ? m.group(1) : version.trim();
    }

    /** "cu128" of "2.7.1+cu128", "cpu" of "2.7.1+cpu"; null when the version carries no local part. */
    static String flavourOfLocalVersion(String version) {
        int plus = version.indexOf('+');
        if (plus < 0) {
            return null;
        }
        String local = version.substring(plus + 1).trim().toLowerCase(Locale.ROOT);
        return local.matches("cpu|cu\\d+") ? local : null;
    }

    /** "cu128" of CUDA "12.8"; "cpu" of none. */
    static String flavourOfCuda(String cuda) {
        if (cuda == null) {
            return "cpu";
        }
        Matcher m = CUDA.matcher(cuda.trim());
        return m.matches() ? "cu" + m.group(1) + m.group(2) : null;
    }

    public boolean cuda() {
        return flavour.startsWith("cu");
    }

    /** "2.7.1 (cu128)". */
    public String label() {
        return version + " (" + flavour + ")";
    }
}
