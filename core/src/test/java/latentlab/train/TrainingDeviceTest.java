package latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import latentlab.torch.LibtorchBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asking for a GPU that cannot be used names the cause a person would fix first. */
class TrainingDeviceTest {
    private static final LibtorchBuild CPU = new LibtorchBuild("2.7.1", "cpu", "the jar");
    private static final LibtorchBuild CUDA = new LibtorchBuild("2.7.1", "cu128", "/opt/torch/version.py");

    @Test
    void theDriverFirstThenTheLibtorchThenWhatHidesTheGpu() {
        String noDriver = TrainingDevice.whyNoGpu(CUDA, Optional.empty(), null);
        assertTrue(noDriver.startsWith("no NVIDIA driver on this machine"), noDriver);
        assertTrue(TrainingDevice.whyNoGpu(CPU, Optional.empty(), null).endsWith("and the libtorch in use is CPU-only (PyTorch 2.7.1 (cpu) bundled in the jar)"));
        String cpuOnly = TrainingDevice.whyNoGpu(CPU, Optional.of("570.86.15"), null);
        assertTrue(cpuOnly.startsWith("the libtorch in use is CPU-only") && cpuOnly.contains("PYTORCH_LIBRARY_PATH"), cpuOnly);
        String hidden = TrainingDevice.whyNoGpu(CUDA, Optional.of("570.86.15"), "");
        assertTrue(hidden.startsWith("CUDA not visible: NVIDIA driver 570.86.15 is loaded") && hidden.contains("CUDA_VISIBLE_DEVICES=\"\" hides every GPU"), hidden);
        String container = TrainingDevice.whyNoGpu(CUDA, Optional.of("535.54.03"), null);
        assertTrue(container.contains("--gpus") && container.contains("driver 570 or newer"), container);
    }

    @Test
    void theDriversVersionIsReadFromItsOwnFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("version");
        assertEquals(Optional.empty(), TrainingDevice.driverVersion(file));
        Files.writeString(file, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  570.86.15  Fri Jan 24 18:13:43 UTC 2025\n"
                + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n");
        assertEquals(Optional.of("570.86.15"), TrainingDevice.driverVersion(file));
        Files.writeString(file, "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  575.51.03  Release Build\n");
        assertEquals(Optional.of("575.51.03"), TrainingDevice.driverVersion(file));
    }
}
