package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The decoder on the student's device, in headless Chromium: it decodes as the server does (to 1e-3 per
 * pixel, strips to one gray level), a slider move asks the server nothing (the browser's own network log
 * says so), a browser without WebAssembly falls back to the server, and the next epoch's weights are
 * swapped in when it ends.
 */
class LocalDecoderBrowserTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);
    static String firstRun;

    @BeforeAll
    static void trainOneShortEpoch() throws Exception {
        firstRun = server.control("/api/runs", "{\"epochs\": 1, \"trainLimit\": 6000, \"seed\": 5}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
    }

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    private static void openOn(Browser b, String where) {
        b.driver.get(server.base() + "/");
        b.await(Duration.ofSeconds(30), d -> d.findElement(By.id("explore-body")).isDisplayed());
        b.await(Duration.ofSeconds(30), d -> where.equals(d.findElement(By.id("decode-where")).getAttribute("data-where")));
        b.await(Duration.ofSeconds(20), d -> decoded(b).stream().mapToLong(Long::longValue).sum() > 0);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> decoded(Browser b) {
        return (List<Long>) b.js("const c = document.getElementById('decoded').getContext('2d');"
                + "const d = c.getImageData(0, 0, 28, 28).data; const out = []; for (let i = 0; i < d.length; i += 4) out.push(d[i]); return out;");
    }

    private static void dragFirstSlider(Browser b) {
        WebElement slider = b.driver.findElements(By.cssSelector("#sliders input")).get(0);
        new Actions(b.driver).dragAndDropBy(slider, slider.getSize().getWidth() / 3, 0).perform();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeviceDecodesFixedCodesAsTheServerDoes() throws Exception {
        float[] codes = {0f, 0f, 1.5f, -0.5f, -2f, 2f, 0.3f, 2.7f, -3.5f, -1f};
        try (Browser b = new Browser(1400, 1800)) {
            openOn(b, "device");
            Map<String, Object> page = (Map<String, Object>) b.jsAsync("const done = arguments[arguments.length - 1];"
                    + "const z = arguments[0]; const codes = []; for (let i = 0; i < z.length; i += 2) codes.push([z[i], z[i + 1]]);"
                    + "latentLab.decoder.decode(codes).then(r => done({ epoch: r.epoch, run: r.runId, pixels: Array.from(r.pixels) }),"
                    + " e => done({ error: String(e) }));", toList(codes));
            assertEquals(firstRun, page.get("run"), String.valueOf(page.get("error")));
            assertEquals(1L, page.get("epoch"), "the page decodes with the last epoch's weights");
            float[] expected = server.server.explorer().decodeAll(null, codes, codes.length / 2).get();
            List<Number> got = (List<Number>) page.get("pixels");
            assertEquals(expected.length, got.size());
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - got.get(i).doubleValue()));
            }
            assertTrue(worst <= 1e-3, "largest difference per pixel from the server's decode: " + worst);

            // a strip drawn here matches the server's strip between the same two test digits
            new Select(b.driver.findElement(By.id("from-kind"))).selectByValue("index");
            new Select(b.driver.findElement(By.id("to-kind"))).selectByValue("index");
            b.driver.findElement(By.id("from-index")).clear();
            b.driver.findElement(By.id("from-index")).sendKeys("5");
            b.driver.findElement(By.id("to-index")).clear();
            b.driver.findElement(By.id("to-index")).sendKeys("7");
            b.driver.findElement(By.id("interpolate")).click();
            b.await(Duration.ofSeconds(20), d -> "device".equals(d.findElement(By.id("strip")).getAttribute("data-decoded-on"))
                    && d.findElement(By.id("strip-caption")).getText().contains("#7"));
            Object gap = b.jsAsync("const done = arguments[arguments.length - 1];"
                    + "const gray = (img) => { const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                    + "  const x = c.getContext('2d'); x.drawImage(img, 0, 0); return x.getImageData(0, 0, c.width, c.height).data; };"
                    + "fetch('/api/interpolate', { method: 'POST', headers: { 'Content-Type': 'application/json' },"
                    + "  body: JSON.stringify({ from: { testIndex: 5 }, to: { testIndex: 7 }, steps: 10 }) })"
                    + ".then(r => r.blob()).then(blob => { const img = new Image(); img.onload = () => {"
                    + "  const a = gray(img), b = gray(document.getElementById('strip'));"
                    + "  if (a.length !== b.length) return done('sizes differ: ' + a.length + ' ' + b.length);"
                    + "  let worst = 0; for (let i = 0; i < a.length; i += 4) worst = Math.max(worst, Math.abs(a[i] - b[i])); done(worst); };"
                    + "  img.src = URL.createObjectURL(blob); });");
            assertTrue(gap instanceof Number n && n.intValue() <= 1, "the strips differ by at most one gray level: " + gap);
        }
    }

    private static List<Double> toList(float[] values) {
        List<Double> out = new java.util.ArrayList<>();
        for (float v : values) {
            out.add((double) v);
        }
        return out;
    }

    @Test
    void movingASliderAsksTheServerNothing() {
        try (Browser b = new Browser(1400, 1800, true)) {
            openOn(b, "device");
            List<String> loading = b.networkEvents();
            assertTrue(loading.stream().anyMatch(e -> e.contains("Network.requestWillBeSent")),
                    "the network log records requests (the page's own loading)");
            List<Long> before = decoded(b);
            dragFirstSlider(b);
            b.await(Duration.ofSeconds(10), d -> !decoded(b).equals(before));
            List<String> afterMove = b.networkEvents();
            List<String> asked = afterMove.stream()
                    .filter(e -> e.contains("Network.requestWillBeSent") || e.contains("Network.webSocketFrameSent") && e.contains("decode"))
                    .toList();
            assertEquals(List.of(), asked, "moving a slider sends no request and no decode message");
            assertTrue(((Number) b.js("return latentLab.decodeMillis.length;")).intValue() > 0, "the move was decoded here");
        }
    }

    @Test
    void aBrowserWithoutWebAssemblyDecodesOnTheServer() {
        try (Browser b = new Browser(1400, 1800, true)) {
            b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", "delete window.WebAssembly;"));
            openOn(b, "server");
            WebElement where = b.driver.findElement(By.id("decode-where"));
            assertEquals("decoding on the server", where.getText());
            assertTrue(where.getAttribute("title").contains("WebAssembly"), where.getAttribute("title"));
            b.networkEvents();
            List<Long> before = decoded(b);
            dragFirstSlider(b);
            b.await(Duration.ofSeconds(10), d -> !decoded(b).equals(before));
            assertTrue(b.networkEvents().stream().anyMatch(e -> e.contains("Network.webSocketFrameSent") && e.contains("decode")),
                    "the slider's decodes go to the server");
        }
    }

    @Test
    void theNextEpochsWeightsAreSwappedInWhenItEnds() throws Exception {
        try (Browser b = new Browser(1400, 1800)) {
            openOn(b, "device");
            String run = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 1500, \"seed\": 6}").body().get("runId").asText();
            b.await(Duration.ofSeconds(120), d -> String.valueOf(b.js("const w = latentLab.decoder.weights;"
                    + "return w ? w.runId + ' ' + w.epoch : '';")).equals(run + " " + 2));
            // every swap moved forward: this run's weights came in epoch order (one may be skipped, never undone)
            Object epochs = b.js("return latentLab.swaps.filter(s => s.runId === arguments[0]).map(s => s.epoch).join(' ');", run);
            assertTrue(List.of("0 1 2", "0 2", "1 2", "2").contains(String.valueOf(epochs)), "swaps: " + epochs);
            assertTrue(b.driver.findElement(By.id("decode-where")).getAttribute("title").contains("epoch 2"));
            server.awaitState("idle", 60_000);
            assertNotEquals(firstRun, run);
            assertEquals(List.of(), b.pageErrors());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void withinARunAPageFetchesEpochsAtItsPaceSkippingThoseBetweenAndEndsOnTheNewest() throws Exception {
        // a GPU ends an epoch every second, under the page's 3 s pace; this CPU takes ~3.5 s even for 256
        // images (the test set), so the page is paced at 8 s here to meet the same case
        try (Browser b = new Browser(1400, 1800); LiveClient live = new LiveClient(server, null)) {
            openOn(b, "device");
            b.js("latentLab.epochFetchMinMs = 8000;");
            String run = server.control("/api/runs", "{\"epochs\": 8, \"trainLimit\": 256, \"seed\": 7}").body().get("runId").asText();
            b.await(Duration.ofSeconds(180), d -> String.valueOf(b.js("const w = latentLab.decoder.weights;"
                    + "return w ? w.runId + ' ' + w.epoch : '';")).equals(run + " " + 8));
            server.awaitState("idle", 60_000);
            b.await(Duration.ofSeconds(10), d -> String.valueOf(b.js("return document.getElementById('explore-epoch').textContent;")).contains("epoch 8"));
            List<Number> fetches = (List<Number>) b.js("return latentLab.swaps.filter(s => s.runId === arguments[0]).map(s => s.fetchedAt);", run);
            List<Number> maps = (List<Number>) b.js("return performance.getEntriesByType('resource').filter(e => e.name.includes('/runs/' + arguments[0] + '/')"
                    + " && e.name.endsWith('/codes.safetensors')).map(e => e.startTime);", run);
            for (List<Number> starts : List.of(fetches, maps)) {
                for (int i = 2; i < starts.size() - 1; i++) { // the run's first file at once, then one every 8 s at most (the last at once when it ends)
                    assertTrue(starts.get(i).doubleValue() - starts.get(i - 1).doubleValue() >= 7_990, "fetches began at " + starts);
                }
            }
            List<Long> epochEnds = live.all.stream().filter(r -> r.message().path("type").asText().equals("images")
                    && r.message().path("runId").asText().equals(run)).map(LiveClient.Received::millis).toList();
            assertEquals(8, epochEnds.size(), "the socket heard every epoch's pictures");
            if (skippedWhenPaced(epochEnds, 7_000) > 0) { // epochs came faster than even a 7 s pace would fetch them
                assertTrue(fetches.size() < 9, "epochs were skipped: fetched " + fetches.size() + " of 9 (0-8), epochs ended at " + epochEnds);
            }
            assertEquals(List.of(), b.pageErrors());
        }
    }

    /** How many epochs a page pacing its fetches at {@code interval} would skip, given when each epoch ended. */
    private static int skippedWhenPaced(List<Long> ends, long interval) {
        int skipped = 0;
        int held = 0; // epochs are 1..n; the page fetches epoch 1 when it ends
        long last = ends.get(0);
        while (held < ends.size() - 1) {
            long at = Math.max(ends.get(held + 1), last + interval);
            int newest = held + 1;
            while (newest + 1 < ends.size() && ends.get(newest + 1) <= at) {
                newest++;
            }
            skipped += newest - held - 1;
            held = newest;
            last = at;
        }
        return skipped;
    }
}
