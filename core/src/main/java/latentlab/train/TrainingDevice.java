package latentlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Chooses where the model trains: a GPU when DJL sees one (or when asked), else the CPU. */
public final class TrainingDevice {
    private TrainingDevice() {}

    /** {@code preference}: "auto" (default), "cpu" or "gpu"; asking for a GPU that is not there is an error. */
    public static Device choose(String preference) {
        String p = preference == null ? "auto" : preference.toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        return switch (p) {
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu: no GPU visible to PyTorch (CUDA build of "
                            + "the native library and an NVIDIA driver are needed; see README)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, got \"" + preference + "\"");
        };
    }

    /** A name for people: "CPU (2 threads)" or "GPU 0". */
    public static String describe(Device device) {
        if (device.isGpu()) {
            return "GPU " + device.getDeviceId() + " (CUDA)";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
