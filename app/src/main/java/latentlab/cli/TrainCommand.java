package latentlab.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import latentlab.data.Mnist;
import latentlab.train.Checkpoint;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingDevice;
import latentlab.train.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: a whole run in the terminal, with a progress bar, a table per epoch and PNGs in the run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the course VAE headless; each run is saved under models/<run-id>/.")
public final class TrainCommand implements Callable<Integer> {
    private static final Map<String, String> OPTIONS = Map.of("epochs", "--epochs", "batchSize", "--batch-size",
            "learningRate", "--lr", "latentDim", "--latent", "beta", "--beta", "warmupEpochs", "--warmup",
            "seed", "--seed", "trainLimit", "--train-limit", "exact", "--exact");

    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train (default 10; on --resume: the new total)")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "N", description = "images per batch (default 128)")
    Integer batchSize;
    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default 0.001)")
    Double learningRate;
    @Option(names = "--latent", paramLabel = "D", description = "latent dimensions, 1-64 (default 2)")
    Integer latent;
    @Option(names = "--beta", paramLabel = "B", description = "weight of the KL term (default 1, the course model)")
    Double beta;
    @Option(names = "--warmup", paramLabel = "EPOCHS", description = "ramp the KL weight from 0 over this many epochs (default 0)")
    Integer warmup;
    @Option(names = "--seed", paramLabel = "N", description = "seed for weights, shuffling and sampling (default 0)")
    Long seed;
    @Option(names = "--train-limit", paramLabel = "N", description = "training images per epoch, 0 = all 60,000 (default 0)")
    Integer trainLimit;
    @Option(names = "--exact", description = "the course's exact PyTorch initialisation (collapses on about half of all seeds; see docs/collapse.md)")
    boolean exact;
    @Option(names = "--resume", paramLabel = "RUN_ID", description = "continue a run from its last good checkpoint")
    String resume;
    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "where to train (default: a GPU if PyTorch sees one)")
    String device;
    @Option(names = "--models", paramLabel = "DIR", defaultValue = "models", description = "folder of runs (default models)")
    Path models;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist", description = "MNIST folder, fetched and verified if needed (default data/mnist)")
    Path data;
    @Option(names = "--quiet", description = "no progress bar, only the epoch table")
    boolean quiet;

    static String optionFor(String field) {
        return OPTIONS.getOrDefault(field, field);
    }

    @Override
    public Integer call() throws Exception {
        Device chosen = deviceOrBadArgument();
        RunDirectory run;
        Hyperparameters hp;
        Checkpoint checkpoint = null;
        if (resume != null) {
            run = openRun();
            rejectChangesOnResume();
            Optional<Checkpoint> latest = run.loadLatestCheckpoint(warning -> System.err.println("warning: " + warning));
            hp = run.config();
            if (epochs != null) {
                hp = hp.withEpochs(epochs);
            }
            if (latest.isPresent()) {
                checkpoint = latest.get();
                if (checkpoint.epoch() >= hp.epochs()) {
                    throw new BadArgumentException("run " + run.id() + " already finished its " + hp.epochs()
                            + " epochs; give --epochs N (more than " + checkpoint.epoch() + ") to train on");
                }
                System.out.println("resuming " + run.id() + " after epoch " + checkpoint.epoch());
            } else {
                System.err.println("warning: run " + run.id() + " has no usable checkpoint; starting it from epoch 1");
            }
            run.writeConfig(hp);
        } else {
            hp = fromOptions();
            run = null;
        }
        Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
        if (run == null) {
            run = RunDirectory.create(models, hp);
        }
        TrainingJob job = new TrainingJob(mnist, run, hp, chosen, checkpoint, System.out::println);
        TerminalReport report = new TerminalReport(System.out, !quiet);
        job.addListener(report);
        Thread stopOnCtrlC = new Thread(job::stop);
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        boolean completed = job.run();
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        System.out.println((completed ? "finished " : "stopped ") + run.id() + ": " + run.path().toAbsolutePath());
        return 0;
    }

    private Hyperparameters fromOptions() {
        Hyperparameters d = Hyperparameters.defaults();
        return new Hyperparameters(or(epochs, d.epochs()), or(batchSize, d.batchSize()),
                or(learningRate, d.learningRate()), or(latent, d.latentDim()), or(beta, d.beta()),
                or(warmup, d.warmupEpochs()), or(seed, d.seed()), or(trainLimit, d.trainLimit()), exact);
    }

    private void rejectChangesOnResume() {
        if (batchSize != null || learningRate != null || latent != null || beta != null || warmup != null
                || seed != null || trainLimit != null || exact) {
            throw new BadArgumentException("--resume continues a run with its own settings; only --epochs may change");
        }
    }

    private RunDirectory openRun() {
        try {
            return RunDirectory.open(models, resume);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException("--resume: " + e.getMessage());
        }
    }

    private Device deviceOrBadArgument() {
        try {
            return TrainingDevice.choose(device);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage().startsWith("--") ? e.getMessage() : "--device: " + e.getMessage());
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
