package latentlab.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import latentlab.train.InvalidHyperparameterException;
import ai.djl.engine.EngineException;
import latentlab.model.NativeMemoryReuse;
import latentlab.torch.Libtorch;
import latentlab.torch.LibtorchException;
import latentlab.train.TrainingDevice;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: its subcommands, and one policy for errors (one clear line; bad arguments exit 2). */
@Command(name = "latent-lab", mixinStandardHelpOptions = true, version = "Latent Lab 0.1.0",
        description = "Train the course VAE on MNIST and explore it.",
        subcommands = {ServeCommand.class, TrainCommand.class, RunsCommand.class, BenchCommand.class})
public final class LatentLabCommand implements Runnable {
    public static final int BAD_ARGUMENTS = 2;
    public static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: serve, the product's default. */
    @Override
    public void run() {
        int code = spec.commandLine().getSubcommands().get("serve").execute();
        if (code != 0) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "serve exited with code " + code);
        }
    }

    /**
     * {@code --device auto|cpu|gpu}, the same for every command: decides the libtorch first (the bundled CPU
     * one, or {@code PYTORCH_LIBRARY_PATH}'s, checked), then the device, then applies the CPU-only settings on
     * the CPU only, and prints the line that says what was loaded, from where, on which device. A bad choice, a
     * wrong libtorch or an unusable GPU is one line and exit 2.
     */
    static Device device(String preference) {
        Device chosen;
        try {
            Libtorch.prepare();
            chosen = TrainingDevice.choose(preference);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage().startsWith("--") ? e.getMessage() : "--device: " + e.getMessage());
        } catch (EngineException | UnsatisfiedLinkError e) {
            throw new LibtorchException("libtorch did not load (PyTorch " + Libtorch.chosen().build().label() + " "
                    + Libtorch.chosen().where() + "): " + e.getMessage());
        }
        if (!chosen.isGpu()) {
            NativeMemoryReuse.enable(); // before training allocates: 15-20 % off a CPU step (glibc's allocator)
        }
        System.out.println(engineLine(chosen));
        return chosen;
    }

    /** "Training on CPU (2 cores) with PyTorch 2.7.1 (cpu), libtorch from … (bundled in the jar)". */
    static String engineLine(Device device) {
        return "Training on " + TrainingDevice.describe(device) + " with " + Libtorch.loaded();
    }

    /** The command line; with no command it runs {@code serve}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LatentLabCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage() + " (try --help)");
            err.flush();
            return BAD_ARGUMENTS;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof InvalidHyperparameterException bad) {
                err.println("error: " + TrainCommand.optionFor(bad.field()) + " " + bad.problem() + " (try --help)");
                err.flush();
                return BAD_ARGUMENTS;
            }
            if (e instanceof LibtorchException) { // the environment, not the arguments: no "try --help"
                err.println("error: " + e.getMessage());
                err.flush();
                return BAD_ARGUMENTS;
            }
            if (e instanceof BadArgumentException) {
                err.println("error: " + e.getMessage() + " (try --help)");
                err.flush();
                return BAD_ARGUMENTS;
            }
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return FAILED;
        });
        return cli;
    }
}
