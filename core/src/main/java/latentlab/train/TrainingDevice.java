package latentlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import latentlab.torch.Libtorch;
import latentlab.torch.LibtorchBuild;
import latentlab.torch.LibtorchException;

/**
 * Chooses where the model trains: a GPU when PyTorch sees one (or when asked), else the CPU. Asking for a GPU
 * that cannot be used names the cause in one line: no NVIDIA driver, a CPU-only libtorch, or CUDA not visible.
 */
public final class TrainingDevice {
    /** The NVIDIA kernel module's own file; present wherever the driver is loaded (and in GPU containers). */
    static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");
    private static final Pattern DRIVER_VERSION = Pattern.compile("Kernel Module\\s+(?:for \\S+\\s+)?(\\d+(?:\\.\\d+)+)");

    private TrainingDevice() {}

    /** {@code preference}: "auto" (default), "cpu" or "gpu"; throws {@link LibtorchException} for an unusable GPU. */
    public static Device choose(String preference) {
        String p = preference == null ? "auto" : preference.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "auto" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                LibtorchBuild build = Libtorch.chosen().build();
                int gpus = Engine.getInstance().getGpuCount();
                if (gpus == 0) {
                    throw new LibtorchException("--device gpu: " + whyNoGpu(build, driverVersion(NVIDIA_DRIVER), System.getenv("CUDA_VISIBLE_DEVICES")));
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, got \"" + preference + "\"");
        };
    }

    /** The cause, in the order a person would fix it: the driver, then the libtorch, then what hides the GPU. */
    static String whyNoGpu(LibtorchBuild build, Optional<String> driver, String visibleDevices) {
        String libtorch = "PyTorch " + build.label() + " " + Libtorch.chosen().where();
        if (driver.isEmpty()) {
            return "no NVIDIA driver on this machine (" + NVIDIA_DRIVER + " is missing)"
                    + (build.cuda() ? "" : ", and the libtorch in use is CPU-only (" + libtorch + ")");
        }
        if (!build.cuda()) {
            return "the libtorch in use is CPU-only (" + libtorch + "): set PYTORCH_LIBRARY_PATH to the lib folder of an "
                    + "official PyTorch 2.7.1 CUDA 12.8 build (README: On a GPU)";
        }
        String hidden = visibleDevices != null && (visibleDevices.isBlank() || visibleDevices.equals("-1") || visibleDevices.equalsIgnoreCase("none"))
                ? "CUDA_VISIBLE_DEVICES=\"" + visibleDevices + "\" hides every GPU"
                : "in a container, start it with --gpus (the NVIDIA container toolkit); CUDA 12.8 needs driver 570 or newer";
        return "CUDA not visible: NVIDIA driver " + driver.get() + " is loaded and " + libtorch + " is a CUDA build, but "
                + "PyTorch sees no GPU (" + hidden + ")";
    }

    /** "570.86.15" from the driver's file, or empty when there is none. */
    static Optional<String> driverVersion(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Matcher m = DRIVER_VERSION.matcher(Files.readString(file));
            return Optional.of(m.find() ? m.group(1) : "(version unread)");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A name for people: "CPU (2 cores)" or "GPU 0 (CUDA)". */
    public static String describe(Device device) {
        if (device.isGpu()) {
            return "GPU " + device.getDeviceId() + " (CUDA)";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
