package latentlab.train;

import java.nio.file.Path;

/** No run of that id under the models folder. */
public final class UnknownRunException extends IllegalArgumentException {
    private final String id;

    public UnknownRunException(String id, Path models) {
        super("no run \"" + id + "\" in " + models.toAbsolutePath());
        // the web answers "no run <id>" (ApiErrors): this message, with the folder, is for the command line
        this.id = id;
    }

    public String id() {
        return id;
    }
}
