package latentlab.cli;

import java.io.PrintStream;
import latentlab.train.BatchProgress;
import latentlab.train.EpochEnd;
import latentlab.train.EpochMetrics;
import latentlab.train.RunEnd;
import latentlab.train.RunStart;
import latentlab.train.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A table row per epoch, and the epoch's progress: a bar at a terminal; in a pipe or a log file (CI,
 * {@code nohup}, {@code | tee}) a plain line every tenth of the epoch instead (the bar's carriage-return
 * frames made one 40 KB line of each epoch there); nothing with {@code --quiet}.
 */
final class TerminalReport implements TrainingListener {
    /** How the epoch's progress is shown. */
    enum Progress { BAR, LINES, NONE }

    private static final String HEADER = String.format("%5s %10s %9s %9s %9s %10s %6s %5s %7s %7s  %s",
            "epoch", "train BCE", "train KLD", "test BCE", "test KLD", "test loss", "active", "live", "seconds",
            "img/s", "");
    private final PrintStream out;
    private final Progress shown;
    private ProgressBar progress;
    private int lastTenth;

    TerminalReport(PrintStream out, Progress shown) {
        this.out = out;
        this.shown = shown;
    }

    /** The bar at a terminal, plain lines otherwise: System.console() is null when output goes to a pipe or a file. */
    static Progress forThisProcess(boolean quiet) {
        return quiet ? Progress.NONE : System.console() != null ? Progress.BAR : Progress.LINES;
    }

    @Override
    public void runStarted(RunStart start) {
        var hp = start.hyperparameters();
        out.printf("run %s on %s: latent %d, batch %d, lr %s, beta %s, warm-up %d, seed %d, %s initialisation%n",
                start.runId(), start.device(), hp.latentDim(), hp.batchSize(), hp.learningRate(), hp.beta(),
                hp.warmupEpochs(), hp.seed(), hp.exact() ? "exact PyTorch" : "Kaiming-normal");
        out.println(HEADER);
        for (latentlab.train.EpochMetrics m : start.history()) {
            start.changes().stream().filter(c -> c.epoch() == m.epoch()).forEach(this::printChange);
            printRow(m);
        }
    }

    /** A change of β or the learning rate, as a line of the table before the epoch it came in. */
    @Override
    public void tuned(java.util.List<latentlab.train.TuningChange> changes) {
        closeBar();
        changes.forEach(this::printChange);
    }

    private void printChange(latentlab.train.TuningChange c) {
        out.printf("      %s %s -> %s from batch %d of epoch %d%n", c.field().equals("beta") ? "beta" : "learning rate",
                shown(c.from()), shown(c.to()), c.batch(), c.epoch());
    }

    private static String shown(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf((long) value) : String.valueOf(value);
    }

    @Override
    public void batchDone(BatchProgress p) {
        if (shown == Progress.LINES) {
            int tenth = p.batch() * 10 / p.batches();
            if (p.batch() == 1) {
                lastTenth = 0;
            }
            if (tenth > lastTenth && tenth < 10) {
                lastTenth = tenth;
                out.printf("epoch %d/%d: %d%% (%d/%d batches), %.0f img/s, ETA %s, BCE %.1f KLD %.2f%n", p.epoch(), p.epochs(),
                        tenth * 10, p.batch(), p.batches(), p.imagesPerSecond(), duration(p.etaSeconds()), p.bce(), p.kld());
            }
            return;
        }
        if (shown != Progress.BAR) {
            return;
        }
        if (progress == null) {
            progress = new ProgressBarBuilder().setTaskName("epoch " + p.epoch() + "/" + p.epochs())
                    .setInitialMax(p.batches()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setUnit(" batches", 1).continuousUpdate().build();
        }
        progress.stepTo(p.batch());
        progress.setExtraMessage(String.format("%.0f img/s, ETA %s, BCE %.1f KLD %.2f", p.imagesPerSecond(),
                duration(p.etaSeconds()), p.bce(), p.kld()));
    }

    @Override
    public void epochDone(EpochEnd end) {
        closeBar();
        printRow(end.metrics());
    }

    @Override
    public void runEnded(RunEnd end) {
        closeBar();
    }

    private void printRow(EpochMetrics m) {
        out.println(String.format("%5d %10.2f %9.2f %9.2f %9.2f %10.2f %6d %5d %7.1f %7.0f  %s", m.epoch(),
                m.trainBce(), m.trainKld(), m.testBce(), m.testKld(), m.testLoss(), m.activeDims(), m.liveUnits(),
                m.seconds(), m.imagesPerSecond(), m.collapsed() ? "COLLAPSED: the encoder ignores its input" : ""));
    }

    private void closeBar() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
