package latentlab.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import latentlab.train.EpochMetrics;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A run's per-epoch metrics as CSV for a spreadsheet: one row per epoch, the losses per image in nats,
 * then the KL of each latent dimension. Numbers are written with a dot, whatever the server's locale.
 */
final class MetricsCsv {
    static final List<String> COLUMNS = List.of("epoch", "trainBce", "trainKld", "testBce", "testKld",
            "testLoss", "activeDims", "liveUnits", "collapsed", "seconds", "imagesPerSecond");

    private MetricsCsv() {}

    static String of(List<EpochMetrics> history, int latent) {
        List<String> header = new ArrayList<>(COLUMNS);
        for (int d = 1; d <= latent; d++) {
            header.add("kl" + d);
        }
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (EpochMetrics m : history) {
                List<Object> row = new ArrayList<>(List.of(m.epoch(), number(m.trainBce()), number(m.trainKld()),
                        number(m.testBce()), number(m.testKld()), number(m.testLoss()), m.activeDims(), m.liveUnits(),
                        m.collapsed(), number(m.seconds()), number(m.imagesPerSecond())));
                for (int d = 0; d < latent; d++) {
                    row.add(d < m.klPerDimension().size() ? number(m.klPerDimension().get(d)) : "");
                }
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
