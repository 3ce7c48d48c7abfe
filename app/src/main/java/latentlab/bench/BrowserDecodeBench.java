package latentlab.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import latentlab.data.Mnist;
import latentlab.train.Hyperparameters;
import latentlab.web.LatentLabServer;
import latentlab.web.PresenterToken;

/**
 * The page's own decoder, timed in headless Chromium on this machine: from a slider's input event to the
 * digit drawn (p50, p95; while a run trains on the same machine, and idle), the decode alone, and from an
 * epoch's end (the server's stamp on its images message) to the first digit drawn by its weights.
 */
public final class BrowserDecodeBench {
    private BrowserDecodeBench() {}

    public record Result(double moveP50Training, double moveP95Training, double moveP50Idle, double moveP95Idle,
                         double decodeP50, double decodeP95, double swapP50, double swapMax, int swaps, int moves) {}

    private static final String MOVES = "(async () => { const input = document.querySelector('#sliders input'); const times = [];"
            + " for (let i = 0; i < %d; i++) { const t0 = performance.now();"
            + "  await new Promise(done => { latentLab.afterDraw = done; input.value = String(-2.5 + (i %% 50) / 10);"
            + "   input.dispatchEvent(new Event('input')); });"
            + "  times.push(performance.now() - t0); } return times; })()";

    public static Result run(Mnist mnist, Device device, int moves, int epochs, Consumer<String> log) throws Exception {
        Path models = Files.createTempDirectory("latent-lab-bench");
        try (LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings("127.0.0.1", 0,
                PresenterToken.generate(), models, null, device, Set.of()), s -> {});
             HeadlessChromium chromium = new HeadlessChromium(1400, 1800)) {
            chromium.open("http://127.0.0.1:" + server.port() + "/");
            chromium.await("document.getElementById('decode-where') && document.getElementById('decode-where').dataset.where", 30_000);
            String run = server.runs().start(new Hyperparameters(epochs, 128, 1e-3, 2, 1.0, 0, 0, 12_800, false));
            chromium.await("latentLab.swaps.some(s => s.runId === '" + run + "' && s.epoch >= 1 && s.drawnAt)", 120_000);
            log.accept("the page decodes epoch 1's weights; " + moves + " slider moves while the run trains");
            double[] training = sorted(chromium.evaluate(String.format(MOVES, moves), 300));
            while (server.runs().current().isPresent()) {
                Thread.sleep(200);
            }
            try {
                chromium.await("latentLab.swaps.some(s => s.runId === '" + run + "' && s.epoch === " + epochs + " && s.drawnAt)", 30_000);
            } catch (java.io.IOException e) {
                throw new java.io.IOException(e.getMessage() + "; the page's swaps: "
                        + chromium.evaluate("JSON.stringify({swaps: latentLab.swaps, visible: document.visibilityState, where: document.getElementById('decode-where').textContent, text: document.body.innerText.slice(0, 1500),"
                        + " fetched: performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/epochs/') || n.includes('/api/'))})", 5), e);
            }
            log.accept("the run has ended; " + moves + " slider moves on an idle machine");
            chromium.evaluate("latentLab.decodeMillis.length = 0", 5);
            double[] idle = sorted(chromium.evaluate(String.format(MOVES, moves), 300));
            double[] decode = sorted(chromium.evaluate("latentLab.decodeMillis", 10));
            JsonNode swaps = chromium.evaluate("latentLab.swaps.filter(s => s.runId === '" + run + "' && s.epoch >= 1 && s.announcedAt && s.drawnAt)"
                    + ".map(s => s.drawnAt - s.announcedAt)", 10);
            double[] swap = sorted(swaps);
            return new Result(pct(training, 0.5), pct(training, 0.95), pct(idle, 0.5), pct(idle, 0.95), pct(decode, 0.5),
                    pct(decode, 0.95), pct(swap, 0.5), swap.length == 0 ? Double.NaN : swap[swap.length - 1], swap.length, moves);
        }
    }

    private static double[] sorted(JsonNode values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asDouble()));
        return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double pct(double[] sorted, double q) {
        return ExplorerBench.percentile(sorted, q);
    }

    public static void print(Result r) {
        System.out.printf("%-48s %10s%n", "Latent Lab browser bench: the decoder on this device (headless Chromium)", "");
        System.out.printf("%-48s %10.2f%n", "slider move to digit drawn, p50 (ms), training", r.moveP50Training());
        System.out.printf("%-48s %10.2f%n", "slider move to digit drawn, p95 (ms), training", r.moveP95Training());
        System.out.printf("%-48s %10.2f%n", "slider move to digit drawn, p50 (ms), idle", r.moveP50Idle());
        System.out.printf("%-48s %10.2f%n", "slider move to digit drawn, p95 (ms), idle", r.moveP95Idle());
        System.out.printf("%-48s %10.2f%n", "the decode alone, p50 (ms), idle", r.decodeP50());
        System.out.printf("%-48s %10.2f%n", "the decode alone, p95 (ms), idle", r.decodeP95());
        System.out.printf("%-48s %10.0f%n", "epoch end to its weights drawn, p50 (ms)", r.swapP50());
        System.out.printf("%-48s %10.0f%n", "epoch end to its weights drawn, max (ms)", r.swapMax());
        System.out.printf("%-48s %10d%n", "epochs swapped in (of the run's)", r.swaps());
        System.out.printf("%-48s %10d%n", "slider moves each", r.moves());
    }
}
