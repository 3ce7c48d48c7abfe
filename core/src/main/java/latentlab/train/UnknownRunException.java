package latentlab.train;

import java.nio.file.Path;

/** No run of that id under the models folder. */
public final class UnknownRunException extends IllegalArgumentException {
    private final String id;

    public UnknownRunException(String id, Path models) {
        super("no run \"" + id + "\" in " + models.toAbsolutePath());
        this.id = id;
    }

    public String id() {
        return id;
    }
}
