package latentlab.model;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * PyTorch's autograd switch is per thread and on by default; DJL turns it off only on the thread that
 * loaded the engine and on for the life of a GradientCollector. Any other thread (a training thread, a
 * web server's) would record a graph for every forward pass and refuse the optimiser's in-place
 * updates, so the work that needs no gradient runs inside {@link #off}.
 */
public final class GradMode {
    private GradMode() {}

    public static <T> T off(Supplier<T> work) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    public static void off(Runnable work) {
        off(() -> {
            work.run();
            return null;
        });
    }
}
