package latentlab.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import latentlab.bench.BrowserDecodeBench;
import latentlab.bench.FuzzBench;
import latentlab.bench.LocalExplorerBench;
import latentlab.bench.QuickBench;
import latentlab.bench.SideBySideBench;
import latentlab.bench.SideBySideChild;
import latentlab.bench.ViewerSoakBench;
import latentlab.data.Mnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: the command line's one door to the benchmarks ({@code latentlab.bench}). Reads and checks
 * the options, then runs one of: the quick bench (training images/s of the real loop, decode latency, and
 * optionally open dashboards or exploring students), the side-by-side with the course's PyTorch script,
 * the classroom soak, or the fuzz.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure training throughput and decode latency; compare with shared/bench/vae_reference.py.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--batches", paramLabel = "N", defaultValue = "150", description = "timed training batches (default 150)")
    int batches;
    @Option(names = "--warmup-batches", paramLabel = "N", defaultValue = "20", description = "untimed batches first (default 20)")
    int warmupBatches;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "images per batch (default 128)")
    int batchSize;
    @Option(names = "--latent", paramLabel = "D", defaultValue = "2", description = "latent dimensions (default 2)")
    int latent;
    @Option(names = "--decode-iters", paramLabel = "N", defaultValue = "1000", description = "single decodes timed (default 1000; a fifth as many of 64)")
    int decodeIters;
    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto")
    String device;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist")
    Path data;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;
    @Option(names = "--dashboards", paramLabel = "N", defaultValue = "0",
            description = "also measure training with N open dashboards (WebSocket viewers) against none")
    int dashboards;
    @Option(names = "--dashboard-repeats", paramLabel = "N", defaultValue = "3", description = "alternating runs of each (default 3)")
    int dashboardRepeats;
    @Option(names = "--explorers", paramLabel = "N", defaultValue = "0",
            description = "also measure N simulated students moving sliders during training: latency and slowdown")
    int explorers;
    @Option(names = "--explorer-rate", paramLabel = "PER_S", defaultValue = "30", description = "slider updates per second per student, with --explorers-decode server (default 30)")
    double explorerRate;
    @Option(names = "--explorers-decode", paramLabel = "WHERE", defaultValue = "device",
            description = "device (default): the students behave like today's page, fetching each epoch's decoder and codes and decoding nothing on the server; server: every slider move is a server decode (the fallback's figure)")
    String explorersDecode;
    @Option(names = "--browser", paramLabel = "MOVES", defaultValue = "0",
            description = "instead: in headless Chromium, the page's own decoder: MOVES slider moves timed while a run trains and when idle (300 is good), and each epoch's weights from its end to drawn")
    int browserMoves;
    @Option(names = "--explorer-epoch-images", paramLabel = "N", defaultValue = "60000",
            description = "training images per epoch with --explorers-decode device (default 60000, a full epoch: the students' cost comes once per epoch)")
    int explorerEpochImages;
    @Option(names = "--explorer-repeats", paramLabel = "N", defaultValue = "2", description = "alternated rounds with and without the students, with --explorers-decode device (default 2)")
    int explorerRepeats;

    @Option(names = "--soak-viewers", paramLabel = "N", defaultValue = "0",
            description = "instead: a class of N viewers for --soak-minutes while full epochs train (load and soak)")
    int soakViewers;
    @Option(names = "--soak-minutes", paramLabel = "M", defaultValue = "10", description = "how long the class watches (default 10)")
    double soakMinutes;
    @Option(names = "--soak-epoch-images", paramLabel = "N", defaultValue = "0",
            description = "images per epoch during the soak (default 0 = all 60,000; fewer for a quick check)")
    int soakEpochImages;
    @Option(names = "--fuzz", paramLabel = "N", defaultValue = "0",
            description = "instead: N random and malformed HTTP and WebSocket inputs against a live server")
    int fuzzCases;

    @Option(names = "--side-by-side", paramLabel = "REPEATS", defaultValue = "0",
            description = "instead: Latent Lab and the course's PyTorch script back to back, REPEATS times each (3 is good), one table of medians and ratios")
    int sideBySide;
    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3", description = "the Python with PyTorch, for --side-by-side")
    String python;
    @Option(names = "--reference", paramLabel = "FILE", defaultValue = "../shared/bench/vae_reference.py",
            description = "the course's PyTorch script, for --side-by-side (default ../shared/bench/vae_reference.py)")
    Path reference;
    @Option(names = "--side-by-side-child", hidden = true, description = "measure this process and print JSON (used by --side-by-side)")
    boolean sideBySideChild;

    @Override
    public Integer call() throws Exception {
        checkRanges();
        Device dev = LatentLabCommand.device(device);
        if (sideBySideChild) {
            System.out.println(SideBySideChild.measureHere(data, dev));
            return 0;
        }
        if (sideBySide > 0) {
            if (dev.isGpu()) {
                throw new BadArgumentException("--side-by-side compares the CPU paths (the reference script is CPU-only); use --device cpu");
            }
            Mnist.fetchAndLoad(data, System.out::println); // present and verified before the children start
            try {
                SideBySideBench.print(SideBySideBench.run(sideBySide, data, python, reference, System.out::println));
            } catch (IllegalArgumentException e) {
                throw new BadArgumentException(e.getMessage());
            }
            return 0;
        }
        if (soakViewers > 0 || fuzzCases > 0) {
            Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
            if (soakViewers > 0) {
                ViewerSoakBench.print(ViewerSoakBench.run(mnist, dev, soakViewers, soakMinutes, soakEpochImages, System.out::println));
            }
            if (fuzzCases > 0) {
                FuzzBench.Result fuzz = FuzzBench.run(mnist, dev, fuzzCases, System.out::println);
                FuzzBench.print(fuzz);
                return fuzz.crashes() == 0 ? 0 : 1;
            }
            return 0;
        }
        if (browserMoves > 0) {
            Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
            BrowserDecodeBench.print(BrowserDecodeBench.run(mnist, dev, browserMoves, 4, System.out::println));
            return 0;
        }
        if (explorers > 0 && explorersDecode.equals("device")) {
            Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
            LocalExplorerBench.print(LocalExplorerBench.run(mnist, dev, explorers, explorerEpochImages, explorerRepeats, System.out::println));
            return 0;
        }
        QuickBench.Settings settings = new QuickBench.Settings(batches, warmupBatches, batchSize, latent, decodeIters,
                dashboards, dashboardRepeats, explorers, explorerRate);
        Mnist mnist = Mnist.fetchAndLoad(data, json ? s -> {} : System.out::println);
        var result = QuickBench.measure(mnist, dev, settings);
        if (json) {
            System.out.println(result);
        } else {
            QuickBench.print(result);
        }
        return 0;
    }

    /** Every option's range, before anything starts (the run's own settings are checked by its spec). */
    private void checkRanges() {
        if (soakViewers < 0 || soakViewers > 5000 || !(soakMinutes > 0 && soakMinutes <= 240)) {
            throw new BadArgumentException("--soak-viewers must be 0-5000 and --soak-minutes in (0, 240]");
        }
        if (soakEpochImages < 0 || soakEpochImages > 60_000) {
            throw new BadArgumentException("--soak-epoch-images must be 0-60000");
        }
        if (fuzzCases < 0 || fuzzCases > 10_000_000) {
            throw new BadArgumentException("--fuzz must be 0-10000000");
        }
        if (sideBySide < 0 || sideBySide > 20) {
            throw new BadArgumentException("--side-by-side must be 1-20 repeats");
        }
        if (explorers < 0 || explorers > 1000 || !(explorerRate > 0 && explorerRate <= 200)) {
            throw new BadArgumentException("--explorers must be 0-1000 and --explorer-rate in (0, 200]");
        }
        if (!explorersDecode.equals("device") && !explorersDecode.equals("server")) {
            throw new BadArgumentException("--explorers-decode must be device or server, got " + explorersDecode);
        }
        if (browserMoves < 0 || browserMoves > 100_000) {
            throw new BadArgumentException("--browser must be 0-100000 slider moves");
        }
        if (explorerEpochImages < 1000 || explorerEpochImages > 60_000) {
            throw new BadArgumentException("--explorer-epoch-images must be 1000-60000");
        }
        if (explorerRepeats < 1 || explorerRepeats > 20) {
            throw new BadArgumentException("--explorer-repeats must be 1-20");
        }
        if (dashboards < 0 || dashboards > 1000 || dashboardRepeats < 1) {
            throw new BadArgumentException("--dashboards must be 0-1000 and --dashboard-repeats at least 1");
        }
        if (batches < 5 || warmupBatches < 0 || decodeIters < 10) {
            throw new BadArgumentException("need --batches ≥ 5, --warmup-batches ≥ 0, --decode-iters ≥ 10");
        }
        try {
            QuickBench.hyperparameters(new QuickBench.Settings(batches, warmupBatches, batchSize, latent, decodeIters, 0, 0, 0, 1));
        } catch (latentlab.train.InvalidHyperparameterException e) {
            throw new BadArgumentException(TrainCommand.optionFor(e.field()) + " " + e.problem());
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage());
        }
    }
}
