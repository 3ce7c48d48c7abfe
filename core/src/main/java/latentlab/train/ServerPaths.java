package latentlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages that reach viewers name files relative to {@code models/}, never where the server keeps them:
 * an I/O error's message carries the absolute path of its file ({@code /home/teacher/lab/models/…}), and
 * that says more about the teacher's machine than a class needs. The log keeps the whole message.
 */
public final class ServerPaths {
    private static final Pattern ABSOLUTE = Pattern.compile("(?<=^|[\\s\"'(=\\[])(/[^/\\s\"':,;()\\[\\]]+){2,}/?");

    private ServerPaths() {}

    /** {@code text} with the models folder written {@code models} and any other absolute path cut to its file name. */
    public static String hidden(String text, Path models) {
        if (text == null) {
            return null;
        }
        String shown = text;
        for (String root : roots(models)) {
            shown = shown.replace(root + "/", "models/").replace(root, "models");
        }
        Matcher m = ABSOLUTE.matcher(shown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group();
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            m.appendReplacement(out, Matcher.quoteReplacement(trimmed.substring(trimmed.lastIndexOf('/') + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static java.util.List<String> roots(Path models) {
        java.util.List<String> roots = new java.util.ArrayList<>();
        if (models == null) {
            return roots;
        }
        try {
            roots.add(models.toRealPath().toString());
        } catch (IOException e) {
            // not there (yet): the absolute form below still matches
        }
        roots.add(models.toAbsolutePath().normalize().toString());
        roots.add(models.toAbsolutePath().toString());
        return roots;
    }
}
