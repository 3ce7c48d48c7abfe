package latentlab.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import latentlab.train.TrainingStep;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * With the allocator told to keep freed memory, a training step reuses the memory of the step before:
 * next to no page faults per step, where glibc's defaults gave about 12,000 (measured: each step's large
 * tensors came from fresh mmaps).
 */
class NativeMemoryReuseTest {
    @Test
    void trainingStepsReuseMemoryInsteadOfFaultingInNewPages() throws IOException {
        Assumptions.assumeTrue(Platform.isLinux() && !Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")), "glibc only");
        assertTrue(NativeMemoryReuse.enable(), "glibc accepted the settings");
        try (NDManager manager = NDManager.newBaseManager();
             VaeWeights weights = VaeWeights.initialise(manager, 2, Initialisation.KAIMING_NORMAL, 0);
             AdamOptimizer adam = new AdamOptimizer(weights)) {
            weights.requireGradients();
            CourseVae vae = new CourseVae(weights);
            NDArray images = manager.randomUniform(0, 1, new Shape(128, 1, 28, 28));
            NDArray eps = manager.randomNormal(new Shape(128, 2));
            for (int i = 0; i < 5; i++) {
                step(vae, adam, images, eps); // the first steps grow the heap to the working set
            }
            long before = minorFaults();
            int steps = 10;
            for (int i = 0; i < steps; i++) {
                step(vae, adam, images, eps);
            }
            long perStep = (minorFaults() - before) / steps;
            assertTrue(perStep < 2_000, perStep + " page faults per training step");
        }
    }

    private static void step(CourseVae vae, AdamOptimizer adam, NDArray images, NDArray eps) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TrainingStep.run(vae, adam, images.duplicate(), eps.duplicate(), 1f, 1e-3f).close();
        }
    }

    /** Minor page faults of this process so far (field 10 of /proc/self/stat). */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
