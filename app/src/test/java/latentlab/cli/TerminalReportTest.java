package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunStart;
import latentlab.train.TuningChange;
import org.junit.jupiter.api.Test;

/** train's table shows a resumed run's changes of β and the learning rate, each before the epoch it came in. */
class TerminalReportTest {
    private static EpochMetrics epoch(int n) {
        return new EpochMetrics(n, 150, 5, 148, 5, List.of(2.5, 2.5), 2, 16, false, 10, 2000);
    }

    @Test
    void aResumedRunsChangesStandInItsTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalReport report = new TerminalReport(new PrintStream(bytes, true, StandardCharsets.UTF_8), TerminalReport.Progress.NONE);
        report.runStarted(new RunStart("r1", Hyperparameters.defaults(), "CPU", 3, List.of(epoch(1), epoch(2)),
                List.of(new TuningChange(2, 13, "beta", 1, 4), new TuningChange(2, 40, "learningRate", 0.001, 0.0005))));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        int beta = -1;
        int rate = -1;
        int second = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("beta 1 -> 4 from batch 13 of epoch 2")) beta = i;
            if (lines[i].contains("learning rate 0.001 -> 5.0E-4 from batch 40 of epoch 2")) rate = i;
            if (lines[i].trim().startsWith("2 ")) second = i;
        }
        String all = String.join("\n", lines);
        assertTrue(beta > 0 && rate > beta && second > rate, "the changes, then epoch 2's row:\n" + all);
    }
}
