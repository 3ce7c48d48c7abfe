package latentlab.train;

import java.nio.file.Path;

/** Another Latent Lab (a server or {@code train}) is using this models folder. */
public final class ModelsInUseException extends IllegalStateException {
    public ModelsInUseException(Path models, String holder) {
        super("the models folder " + models.toAbsolutePath() + " is in use by another Latent Lab"
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + ": stop that one, or give this one another folder with --models");
    }
}
