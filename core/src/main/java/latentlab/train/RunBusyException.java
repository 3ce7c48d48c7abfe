package latentlab.train;

/** Another run is training: one at a time. */
public final class RunBusyException extends IllegalStateException {
    public RunBusyException(String id, TrainingState state) {
        super("run " + id + " is " + state.name().toLowerCase(java.util.Locale.ROOT) + "; stop it first");
    }
}
