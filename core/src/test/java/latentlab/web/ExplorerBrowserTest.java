package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * A student's story in the explorer, checked by pixels: drag a slider and the digit changes, draw a
 * digit and it lands on the map, interpolate from a 3 to an 8 and a strip of digits appears.
 */
class ExplorerBrowserTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);

    @BeforeAll
    static void trainOneShortEpoch() throws Exception {
        server.control("/api/runs", "{\"epochs\": 1, \"trainLimit\": 20000, \"seed\": 0}");
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
    }

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    /** The image's pixels as a compact fingerprint: 784 grey values (or the whole image for a strip). */
    @SuppressWarnings("unchecked")
    private static List<Long> pixels(Browser b, String id) {
        return (List<Long>) b.js("const img = document.getElementById(arguments[0]); let x, w, h;"
                + "if (img instanceof HTMLCanvasElement) { x = img.getContext('2d'); w = img.width; h = img.height;"
                + "  if (!x.getImageData(0, 0, w, h).data.some((v, i) => i % 4 === 3 && v > 0)) return []; }"
                + "else { if (!img.complete || !img.naturalWidth) return [];"
                + "  const c = document.createElement('canvas'); w = c.width = img.naturalWidth; h = c.height = img.naturalHeight;"
                + "  x = c.getContext('2d'); x.drawImage(img, 0, 0); }"
                + "const d = x.getImageData(0, 0, w, h).data; const out = [];"
                + "for (let i = 0; i < d.length; i += 4) out.push(d[i]); return out;", id);
    }

    private static long ink(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void slidersDrawingAndInterpolationChangeWhatIsDrawn() throws Exception {
        try (Browser viewer = new Browser(1500, 1900)) {
            viewer.driver.get(server.base() + "/");
            viewer.await(Duration.ofSeconds(30), d -> d.findElement(By.id("explore-body")).isDisplayed());
            viewer.await(Duration.ofSeconds(20), d -> pixels(viewer, "decoded").size() == 784);
            List<Long> before = pixels(viewer, "decoded");
            assertTrue(ink(before) > 0, "the decoded digit has ink");

            WebElement slider = viewer.driver.findElements(By.cssSelector("#sliders input")).get(0);
            new Actions(viewer.driver).dragAndDropBy(slider, slider.getSize().getWidth() / 3, 0).perform();
            viewer.await(Duration.ofSeconds(10), d -> !pixels(viewer, "decoded").equals(before) && pixels(viewer, "decoded").size() == 784);
            assertNotEquals(before, pixels(viewer, "decoded"), "dragging a slider changes the decoded digit");

            WebElement canvas = viewer.driver.findElement(By.id("drawing"));
            viewer.js("arguments[0].scrollIntoView({block: 'center'});", canvas);
            new Actions(viewer.driver).moveToElement(canvas).moveByOffset(-15, -50).clickAndHold().moveByOffset(30, 0)
                    .moveByOffset(-8, 30).moveByOffset(-8, 30).moveByOffset(-6, 30).release().perform();
            assertTrue(ink(pixels(viewer, "drawing")) > 0, "the stroke left ink");
            String mapBefore = (String) viewer.js("return document.querySelector('.map-markers').toDataURL();");
            viewer.driver.findElement(By.id("draw-encode")).click();
            try {
                viewer.await(Duration.ofSeconds(10), d -> marker(viewer, "drawn") != null);
            } catch (RuntimeException e) {
                viewer.screenshot("failure-explorer.png");
                throw new AssertionError("the drawn digit never reached the map; page says \""
                        + viewer.driver.findElement(By.id("error")).getText() + "\", errors " + viewer.pageErrors(), e);
            }
            viewer.await(Duration.ofSeconds(5), d -> !viewer.js("return document.querySelector('.map-markers').toDataURL();").equals(mapBefore));
            assertTrue(viewer.driver.findElement(By.id("draw-info")).getText().startsWith("lands at"));

            new Select(viewer.driver.findElement(By.id("from-kind"))).selectByValue("digit:3");
            new Select(viewer.driver.findElement(By.id("to-kind"))).selectByValue("digit:8");
            // "a random 3" and "a random 8": after one short epoch two such digits can land close together,
            // so a few fresh picks are allowed; one strip must show two different, inked ends
            long firstMinusLast = 0;
            for (int attempt = 0; attempt < 4 && firstMinusLast <= 28 * 28 * 4; attempt++) {
                List<Long> previous = attempt == 0 ? List.of() : pixels(viewer, "strip");
                viewer.driver.findElement(By.id("interpolate")).click();
                viewer.await(Duration.ofSeconds(20), d -> ((Number) viewer.js(
                        "const s = document.getElementById('strip'); return s.complete ? s.naturalWidth : 0;")).intValue() == 10 * 30 - 2
                        && !pixels(viewer, "strip").equals(previous));
                assertEquals("3 8", end(viewer, "from", "label") + " " + end(viewer, "to", "label"), "the strip's caption names its ends");
                List<Long> strip = pixels(viewer, "strip");
                int width = 10 * 30 - 2;
                long firstFrame = 0;
                long lastFrame = 0;
                firstMinusLast = 0;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        long a = strip.get(y * width + x);
                        long b = strip.get(y * width + 9 * 30 + x);
                        firstFrame += a;
                        lastFrame += b;
                        firstMinusLast += Math.abs(a - b);
                    }
                }
                assertTrue(firstFrame > 0 && lastFrame > 0, "both ends are drawn");
            }
            assertTrue(firstMinusLast > 28 * 28 * 4, "the 3 end and the 8 end differ: " + firstMinusLast);
            assertEquals(28, ((Number) viewer.js("return document.getElementById('strip').naturalHeight;")).intValue());
            viewer.js("document.getElementById('explorer').scrollIntoView();");
            viewer.screenshot("explorer.png");

            // an end picked by its test-image number
            new Select(viewer.driver.findElement(By.id("from-kind"))).selectByValue("index");
            WebElement index = viewer.driver.findElement(By.id("from-index"));
            assertTrue(index.isDisplayed(), "choosing a number shows the number box");
            index.clear();
            index.sendKeys("5");
            viewer.driver.findElement(By.id("interpolate")).click();
            viewer.await(Duration.ofSeconds(20), d -> "5".equals(end(viewer, "from", "testIndex")));

            // export: the strip's buttons hand the browser a PNG and a GIF; the page's links serve CSV and GIF
            viewer.js("window.exported = []; const make = URL.createObjectURL.bind(URL);"
                    + "URL.createObjectURL = (b) => { window.exported.push(b.type + ' ' + b.size); return make(b); };");
            viewer.driver.findElement(By.id("export-animation")).click();
            viewer.await(Duration.ofSeconds(10), d -> viewer.js("return window.exported.join(',');").toString().contains("image/gif"));
            viewer.driver.findElement(By.id("export-strip")).click();
            viewer.await(Duration.ofSeconds(10), d -> viewer.js("return window.exported.join(',');").toString().contains("image/png"));
            for (String[] link : new String[][] {{"export-csv", "text/csv"}, {"export-replay", "image/gif"}, {"export-samples", "image/png"}}) {
                Object type = viewer.jsAsync("const done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById(arguments[0]).href).then(r => done(r.status + ' ' + r.headers.get('Content-Type')));",
                        link[0]);
                assertTrue(String.valueOf(type).startsWith("200 " + link[1]), link[0] + " answers " + type);
            }
        }
    }

    /** The slider position as the page shows it, e.g. "[0.87,-1.20]". */
    private static String z(Browser b) {
        return (String) b.js("return '[' + [...document.querySelectorAll('#sliders output')].map(o => o.textContent).join(',') + ']';");
    }

    /** What the strip's caption says of one end: its test image number or label (null when not a test image). */
    private static String end(Browser b, String which, String what) {
        return (String) b.js("const e = document.querySelector('#strip-caption [data-end=' + arguments[0] + ']');"
                + "return e ? (e.dataset[arguments[1]] ?? null) : null;", which, what);
    }

    /** Where a marker of the latent map stands ("x,y"), or null when it is not shown. */
    private static String marker(Browser b, String label) {
        return (String) b.js("const m = document.querySelector('.map-markers');"
                + "return m && m.dataset[arguments[0]] ? m.dataset[arguments[0]] : null;", label);
    }

    @Test
    void aFollowerSeesWhatThePresenterExploresUntilTheyMoveThemselves() throws Exception {
        try (Browser presenter = new Browser(1500, 1900); Browser viewer = new Browser(1500, 1900)) {
            presenter.driver.get(server.base() + "/?token=" + RunningServer.TOKEN);
            viewer.driver.get(server.base() + "/");
            for (Browser b : List.of(presenter, viewer)) {
                b.await(Duration.ofSeconds(30), d -> d.findElement(By.id("explore-body")).isDisplayed());
                b.await(Duration.ofSeconds(20), d -> pixels(b, "decoded").size() == 784);
            }
            assertTrue(!presenter.driver.findElement(By.id("follow")).isDisplayed(), "the presenter has nobody to follow");
            viewer.driver.findElement(By.id("follow")).click();
            assertEquals("true", viewer.driver.findElement(By.id("follow")).getAttribute("aria-pressed"));
            assertTrue(viewer.driver.findElement(By.id("follow")).getLocation().getY() < 120, "the toggle is at the top of the page");

            WebElement slider = presenter.driver.findElements(By.cssSelector("#sliders input")).get(0);
            new Actions(presenter.driver).dragAndDropBy(slider, slider.getSize().getWidth() / 3, 0).perform();
            viewer.await(Duration.ofSeconds(10), d -> z(viewer).equals(z(presenter)) && !z(viewer).equals("[0,0]"));
            viewer.await(Duration.ofSeconds(10), d -> pixels(viewer, "decoded").equals(pixels(presenter, "decoded")));

            new Select(presenter.driver.findElement(By.id("from-kind"))).selectByValue("digit:3");
            new Select(presenter.driver.findElement(By.id("to-kind"))).selectByValue("digit:8");
            presenter.driver.findElement(By.id("interpolate")).click();
            presenter.await(Duration.ofSeconds(20), d -> pixels(presenter, "strip").size() == (10 * 30 - 2) * 28);
            viewer.await(Duration.ofSeconds(20), d -> pixels(viewer, "strip").equals(pixels(presenter, "strip")));
            presenter.screenshot("follow-presenter.png");
            viewer.screenshot("follow-viewer.png");

            WebElement own = viewer.driver.findElements(By.cssSelector("#sliders input")).get(1);
            new Actions(viewer.driver).dragAndDropBy(own, -own.getSize().getWidth() / 4, 0).perform();
            assertEquals("false", viewer.driver.findElement(By.id("follow")).getAttribute("aria-pressed"), "moving a slider yourself detaches you");
            String detached = z(viewer);
            new Actions(presenter.driver).dragAndDropBy(slider, -slider.getSize().getWidth() / 2, 0).perform();
            presenter.await(Duration.ofSeconds(5), d -> !z(presenter).equals(detached));
            // the positive event: the viewer's page has the presenter's new position (its marker on the map)
            String there = z(presenter).replaceAll("[\\[\\]]", "");
            viewer.await(Duration.ofSeconds(10), d -> there.equals(marker(viewer, "presenter")));
            assertEquals(detached, z(viewer), "a detached viewer explores on their own");

            viewer.driver.findElement(By.id("follow")).click();
            viewer.await(Duration.ofSeconds(10), d -> z(viewer).equals(z(presenter)));
        }
    }
}
