package latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad arguments give one clear line naming the option and exit code 2, before any training starts. */
class TrainCommandArgumentsTest {
    @TempDir
    static Path models;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train --epochs 0|--epochs",
        "train --epochs many|--epochs",
        "train --batch-size 0|--batch-size",
        "train --lr -0.1|--lr",
        "train --lr 5|--lr",
        "train --latent 65|--latent",
        "train --latent 0|--latent",
        "train --beta -1|--beta",
        "train --warmup -2|--warmup",
        "train --seed 1.5|--seed",
        "train --train-limit 60001|--train-limit",
        "train --device tpu|--device",
        "train --resume ../outside|--resume",
        "train --resume no-such-run|--resume",
        "train --frobnicate|frobnicate",
        "train --epochs|--epochs",
        "bench --batches 1|--batches",
        "fly|fly"})
    void badArgumentsExitWithCodeTwoAndOneLine(String args, String named) {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = LatentLabCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        List<String> argv = new ArrayList<>(args == null ? List.of() : List.of(args.split(" ")));
        if (!argv.isEmpty() && argv.get(0).equals("train")) {
            argv.addAll(1, List.of("--models", models.toString()));
        }
        int code = cli.execute(argv.toArray(String[]::new));
        String message = err.toString().trim();
        assertEquals(2, code, message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.startsWith("error: ") && message.contains(named), message);
    }
}
