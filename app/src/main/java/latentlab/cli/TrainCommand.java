package latentlab.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import latentlab.data.Mnist;
import latentlab.train.Checkpoint;
import latentlab.train.HyperparameterSpec;
import latentlab.train.Hyperparameters;
import latentlab.train.InvalidRunIdException;
import latentlab.train.RunDirectory;
import latentlab.train.ModelsLock;
import latentlab.train.RunFinishedException;
import latentlab.train.Resumption;
import latentlab.train.TrainingJob;
import latentlab.train.UnknownRunException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code train}: a whole run in the terminal, with a progress bar, a table per epoch and PNGs in the run
 * folder. The hyperparameter options are made from {@link HyperparameterSpec} (their help, range and
 * default come from there); this class only names them.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainCommand.HyperparameterOptions.class,
        description = "Train the course VAE headless; each run is saved under models/<run-id>/.")
public final class TrainCommand implements Callable<Integer> {
    /** A hyperparameter's option: its name on the command line, its value's label, a note for this command. */
    record Flag(String field, String option, String label, String note) {}

    static final List<Flag> FLAGS = List.of(
            new Flag("epochs", "--epochs", "N", "on --resume: the new total"),
            new Flag("batchSize", "--batch-size", "N", null),
            new Flag("learningRate", "--lr", "RATE", null),
            new Flag("latentDim", "--latent", "D", null),
            new Flag("beta", "--beta", "B", null),
            new Flag("warmupEpochs", "--warmup", "EPOCHS", null),
            new Flag("seed", "--seed", "N", null),
            new Flag("trainLimit", "--train-limit", "N", null),
            new Flag("exact", "--exact", null, null));

    @CommandLine.Spec
    CommandSpec spec;
    @Option(names = "--resume", paramLabel = "RUN_ID", description = "continue a run from its last good checkpoint")
    String resume;
    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "where to train (default: a GPU if PyTorch sees one)")
    String device;
    @Option(names = "--models", paramLabel = "DIR", defaultValue = "models", description = "folder of runs (default models)")
    Path models;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist", description = "MNIST folder, fetched and verified if needed (default data/mnist)")
    Path data;
    @Option(names = "--quiet", description = "no progress (bar at a terminal, a line every tenth of an epoch in a pipe), only the epoch table")
    boolean quiet;

    /** The command-line option of a hyperparameter (for error messages), or the name itself. */
    static String optionFor(String field) {
        return FLAGS.stream().filter(f -> f.field().equals(field)).map(Flag::option).findFirst().orElse(field);
    }

    @Override
    public Integer call() throws Exception {
        Device chosen = LatentLabCommand.device(device);
        Map<String, Object> given = givenHyperparameters();
        try (ModelsLock lock = ServeCommand.lock(models)) {
            return train(chosen, given);
        }
    }

    private int train(Device chosen, Map<String, Object> given) throws Exception {
        TrainingJob job;
        RunDirectory run;
        if (resume != null) {
            if (given.keySet().stream().anyMatch(field -> !field.equals("epochs"))) {
                throw new BadArgumentException("--resume continues a run with its own settings; only --epochs may change");
            }
            Resumption resumption = resumption((Number) given.get("epochs"));
            Checkpoint checkpoint = resumption.checkpoint();
            if (checkpoint != null) {
                System.out.println("resuming " + resumption.run().id() + " after epoch " + checkpoint.epoch());
            }
            run = resumption.run();
            job = resumption.job(Mnist.fetchAndLoad(data, System.out::println), chosen, System.out::println);
        } else {
            Hyperparameters hp = Hyperparameters.defaults().with(given);
            Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
            run = RunDirectory.create(models, hp);
            job = new TrainingJob(mnist, run, hp, chosen, null, System.out::println);
        }
        job.addListener(new TerminalReport(System.out, TerminalReport.forThisProcess(quiet)));
        Thread stopOnCtrlC = new Thread(() -> job.control().stop());
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        boolean completed = job.run();
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        System.out.println((completed ? "finished " : "stopped ") + run.id() + ": " + run.path().toAbsolutePath());
        String jar = "java -jar target/latent-lab.jar";
        System.out.println("  in the dashboard (it shows the newest run, this one): " + jar + " serve --models " + models);
        System.out.println("  every run:                                           " + jar + " runs --models " + models);
        System.out.println("  its weights for PyTorch:                             " + jar + " runs --models " + models + " --export " + run.id());
        return 0;
    }

    /** The hyperparameters given on the command line, by field name, as typed values. */
    private Map<String, Object> givenHyperparameters() {
        Map<String, Object> given = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Flag flag : FLAGS) {
            if (parsed.hasMatchedOption(flag.option())) {
                given.put(flag.field(), parsed.matchedOptionValue(flag.option(), null));
            }
        }
        return given;
    }

    private Resumption resumption(Number epochs) throws java.io.IOException {
        try {
            return Resumption.prepare(models, resume, epochs == null ? null : epochs.intValue(),
                    warning -> System.err.println("warning: " + warning));
        } catch (InvalidRunIdException | UnknownRunException e) {
            throw new BadArgumentException("--resume: " + e.getMessage());
        } catch (latentlab.train.NoUsableCheckpointException e) {
            throw new BadArgumentException("--resume: " + e.getMessage().replace("the server's log", "the warnings above"));
        } catch (RunFinishedException e) {
            throw new BadArgumentException("run " + resume + " already finished its " + e.epochs()
                    + " epochs; give --epochs N (more than " + e.done() + ") to train on");
        }
    }

    /** Adds an option per hyperparameter, before the command's own, with the spec's help, range and default. */
    public static final class HyperparameterOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            List<OptionSpec> own = List.copyOf(command.options());
            own.forEach(command::remove);
            for (Flag flag : FLAGS) {
                HyperparameterSpec hp = HyperparameterSpec.of(flag.field());
                String help = hp.help() + (hp.type() == HyperparameterSpec.Type.BOOLEAN ? ""
                        : " (" + (hp.min() == null ? "any whole number" : hp.range()) + ", default " + hp.defaultText() + ")")
                        + (flag.note() == null ? "" : "; " + flag.note());
                OptionSpec.Builder option = OptionSpec.builder(flag.option()).description(help);
                switch (hp.type()) {
                    case INTEGER -> option.type(Long.class).paramLabel(flag.label());
                    case NUMBER -> option.type(Double.class).paramLabel(flag.label());
                    case BOOLEAN -> option.type(boolean.class).arity("0");
                }
                command.addOption(option.build());
            }
            own.forEach(command::addOption);
            return command;
        }
    }
}
