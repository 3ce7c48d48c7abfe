package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The page as a class meets it, after one short epoch: a phone of 360 px has nothing wider than the
 * screen and no control under 24 px; an explorer error shows next to the button pressed, announced, until
 * the next action there; the 2-D pad moves by keyboard; the chart's table holds the run's numbers; axe-core
 * finds nothing on the presenter's, a viewer's and the join page; the light theme and the full-screen
 * join dialog behave; and none of it puts an error in the console.
 */
class ClassroomPageBrowserTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);
    private static final Path AXE = Path.of("core/target/npm/node_modules/axe-core/axe.min.js");
    private static String runId;

    @BeforeAll
    static void trainTwoShortEpochs() throws Exception {
        runId = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 3000, \"seed\": 1}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
    }

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    private static void openExplorer(Browser page, String path) {
        page.driver.get(server.base() + path);
        page.await(Duration.ofSeconds(30), d -> d.findElement(By.id("explore-body")).isDisplayed()
                && d.findElement(By.id("connection")).getText().equals("live"));
        page.await(Duration.ofSeconds(20), d -> "device".equals(d.findElement(By.id("decode-where")).getAttribute("data-where")));
    }

    @Test
    void aPhoneOf360PxHasNothingWiderThanTheScreenAndNoControlUnder24Px() throws Exception {
        try (Browser phone = new Browser(360, 640)) {
            openExplorer(phone, "/");
            @SuppressWarnings("unchecked")
            List<String> wide = (List<String>) phone.js("""
                    const width = document.documentElement.clientWidth; const out = [];
                    for (const e of document.querySelectorAll('body *')) {
                      const r = e.getBoundingClientRect();
                      if (!r.width || e.closest('.table-box, #sliders, .skip')) continue; // scrolls inside its box
                      if (r.right > width + 0.5 || r.left < -0.5) out.push((e.id || e.tagName) + ' ' + r.left.toFixed(0) + '..' + r.right.toFixed(0));
                    }
                    if (document.documentElement.scrollWidth > width) out.push('page ' + document.documentElement.scrollWidth);
                    return out;""");
            assertEquals(List.of(), wide, "wider than a 360 px screen");
            @SuppressWarnings("unchecked")
            List<String> small = (List<String>) phone.js("""
                    const out = [];
                    for (const e of document.querySelectorAll('button, input, select, summary, [tabindex="0"]')) {
                      const r = e.getBoundingClientRect();
                      if (!r.width || getComputedStyle(e).visibility === 'hidden') continue;
                      if (r.width < 24 || r.height < 24) out.push((e.id || e.name || e.type || e.tagName) + ' ' + r.width.toFixed(0) + '×' + r.height.toFixed(0));
                    }
                    return out;""");
            assertEquals(List.of(), small, "touch targets under 24 × 24 px (WCAG 2.5.8)");
            WebElement follow = phone.driver.findElement(By.id("follow"));
            assertTrue(follow.isDisplayed() && follow.getLocation().getY() < 200, "a viewer's follow toggle is on the first screen");
            phone.screenshot("phone-360.png");
            phone.js("document.getElementById('explorer').scrollIntoView();");
            phone.screenshot("phone-360-explorer.png");
            assertEquals(List.of(), phone.consoleErrors());
        }
    }

    @Test
    void anExplorerErrorShowsNextToItsButtonIsAnnouncedAndStaysUntilTheNextAction() throws Exception {
        try (Browser phone = new Browser(390, 844)) {
            openExplorer(phone, "/");
            WebElement encode = phone.driver.findElement(By.id("draw-encode"));
            phone.js("arguments[0].scrollIntoView({block: 'center'});", encode);
            encode.click();
            WebElement error = phone.driver.findElement(By.id("draw-error"));
            phone.await(Duration.ofSeconds(5), d -> error.isDisplayed());
            assertEquals("draw a digit first", error.getText());
            assertEquals("alert", error.getAttribute("role"), "announced by screen readers");
            double distance = Math.abs(error.getRect().getY() - encode.getRect().getY());
            assertTrue(distance < 150, "the error is next to the button, " + distance + " px away");
            assertTrue(!phone.driver.findElement(By.id("error")).isDisplayed(), "not in the banner at the top");
            phone.screenshot("error-next-to-button-390.png");
            phone.driver.findElement(By.id("draw-clear")).click(); // the next action in that part of the page
            phone.await(Duration.ofSeconds(5), d -> !error.isDisplayed());
            assertEquals(List.of(), phone.consoleErrors());
        }
    }

    @Test
    void thePadAndTheMapMoveByKeyboard() throws Exception {
        try (Browser page = new Browser(1500, 1900)) {
            openExplorer(page, "/");
            page.driver.findElement(By.id("zero-z")).click();
            page.await(Duration.ofSeconds(5), d -> sliders(page).equals("0.00,0.00"));
            WebElement pad = page.driver.findElement(By.id("pad"));
            pad.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_UP);
            page.await(Duration.ofSeconds(5), d -> sliders(page).equals("0.20,0.10"));
            pad.sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_DOWN));
            page.await(Duration.ofSeconds(5), d -> sliders(page).equals("0.20,-0.40"));
            assertTrue(pad.getAttribute("aria-label").contains("(0.20, -0.40)"), "the pad says where it is: " + pad.getAttribute("aria-label"));

            WebElement map = page.driver.findElement(By.id("latent-map"));
            String before = sliders(page);
            map.sendKeys(Keys.ARROW_LEFT);
            page.await(Duration.ofSeconds(5), d -> !sliders(page).equals(before));
            assertTrue(Double.parseDouble(sliders(page).split(",")[0]) < 0.2, "left on the map is lower z1: " + sliders(page));

            WebElement drawing = page.driver.findElement(By.id("drawing"));
            drawing.sendKeys(Keys.SPACE, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN);
            assertTrue((Boolean) page.js("const c = document.getElementById('drawing').getContext('2d');"
                    + "return c.getImageData(0, 0, 168, 168).data.some((v, i) => i % 4 === 0 && v > 0);"), "the keyboard's pen drew");
            drawing.sendKeys(Keys.ENTER);
            page.await(Duration.ofSeconds(10), d -> d.findElement(By.id("draw-info")).getText().length() > 0);
            assertEquals(List.of(), page.consoleErrors());
        }
    }

    @Test
    void theChartsTableHoldsTheRunsNumbers() throws Exception {
        try (Browser page = new Browser(1280, 900)) {
            openExplorer(page, "/");
            page.driver.findElement(By.cssSelector("#loss-numbers summary")).click();
            List<WebElement> rows = page.driver.findElements(By.cssSelector("#loss-table tbody tr"));
            JsonNode metrics = server.get("/api/runs/" + runId).body().get("metrics");
            assertEquals(metrics.size(), rows.size(), "one row per epoch");
            for (int i = 0; i < rows.size(); i++) {
                List<String> cells = new ArrayList<>();
                rows.get(i).findElements(By.tagName("td")).forEach(c -> cells.add(c.getText()));
                JsonNode m = metrics.get(i);
                assertEquals(List.of(String.valueOf(m.get("epoch").asInt()), two(m, "trainBce"), two(m, "trainKld"), two(m, "testBce"),
                        two(m, "testKld"), String.format("%.2f", m.get("testBce").asDouble() + m.get("testKld").asDouble()),
                        m.get("activeDims").asInt() + " of " + m.get("klPerDimension").size()), cells);
            }
            assertEquals(Boolean.TRUE, page.js("const c = Chart.getChart(document.getElementById('loss-chart'));"
                    + "return c.options.scales.x.min === 1;"), "the x-axis starts at the first epoch");
            page.driver.findElement(By.id("log-scale")).click();
            assertEquals("logarithmic", page.js("return Chart.getChart(document.getElementById('loss-chart')).options.scales.y.type;"));
            assertEquals(List.of(), page.consoleErrors());
        }
    }

    @Test
    void aProjectorGetsChartTextAsBigAsThePagesAndTheShareCardFolds() throws Exception {
        for (int[] size : new int[][] {{1920, 1080}, {1024, 768}}) {
            try (Browser projector = new Browser(size[0], size[1])) {
                projector.driver.get(server.server.presenterUrl());
                projector.await(Duration.ofSeconds(30), d -> d.findElement(By.id("role")).getText().equals("presenter")
                        && d.findElement(By.id("share-qr")).getAttribute("src") != null);
                double body = ((Number) projector.js("return parseFloat(getComputedStyle(document.body).fontSize);")).doubleValue();
                double chart = ((Number) projector.js("return Chart.getChart(document.getElementById('loss-chart')).options.scales.x.ticks.font.size;")).doubleValue();
                assertTrue(chart >= 0.7 * body, "chart text " + chart + " px beside body text " + body + " px");
                projector.screenshot("projector-" + size[0] + ".png");
                WebElement share = projector.driver.findElement(By.id("share"));
                int unfolded = share.getSize().getHeight();
                projector.driver.findElement(By.id("share-fold")).click();
                projector.await(Duration.ofSeconds(5), d -> !d.findElement(By.id("share-body")).isDisplayed());
                assertTrue(share.getSize().getHeight() < unfolded / 2, "folded to its title: " + share.getSize().getHeight() + " of " + unfolded);
                assertEquals("false", projector.driver.findElement(By.id("share-fold")).getAttribute("aria-expanded"));
                projector.screenshot("projector-" + size[0] + "-folded.png");
                projector.driver.findElement(By.id("share-fold")).click(); // as it was, for the next size
                assertEquals(List.of(), projector.consoleErrors());
            }
        }
    }

    private static String two(JsonNode m, String field) {
        return String.format("%.2f", m.get(field).asDouble());
    }

    @Test
    void axeFindsNothingOnThePresentersAViewersAndTheJoinPageInBothThemes() throws Exception {
        String axe = Files.readString(AXE);
        try (Browser presenter = new Browser(1280, 900); Browser viewer = new Browser(390, 844)) {
            presenter.driver.get(server.server.presenterUrl());
            presenter.await(Duration.ofSeconds(30), d -> d.findElement(By.id("role")).getText().equals("presenter")
                    && d.findElement(By.id("explore-body")).isDisplayed());
            openExplorer(viewer, "/");
            for (String theme : List.of("dark", "light")) {
                for (Browser page : List.of(presenter, viewer)) {
                    if (!theme.equals(page.js("return document.documentElement.dataset.theme;"))) {
                        page.driver.findElement(By.id("theme")).click();
                    }
                    assertEquals(theme, page.js("return document.documentElement.dataset.theme;"));
                    assertEquals(List.of(), violations(page, axe), theme + " theme, " + (page == presenter ? "presenter" : "viewer"));
                }
            }
            presenter.screenshot("presenter-light.png");
            presenter.driver.navigate().refresh();
            presenter.await(Duration.ofSeconds(30), d -> d.findElement(By.id("role")).getText().equals("presenter"));
            assertEquals("light", presenter.js("return document.documentElement.dataset.theme;"), "the choice is kept");

            // the full-screen join view: a dialog with a heading, focus on its close button, Esc closes, focus back
            WebElement show = presenter.driver.findElement(By.id("share-show"));
            show.click();
            WebElement overlay = presenter.driver.findElement(By.id("share-overlay"));
            presenter.await(Duration.ofSeconds(5), d -> overlay.isDisplayed());
            assertEquals("dialog", overlay.getAttribute("role"));
            assertEquals("Scan to join", presenter.driver.findElement(By.id("share-big-title")).getText());
            assertEquals("share-close", presenter.js("return document.activeElement.id;"));
            presenter.screenshot("join-full-screen.png");
            assertEquals(List.of(), violations(presenter, axe), "the full-screen join view");
            presenter.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            assertEquals("share-close", presenter.js("return document.activeElement.id;"), "Tab stays in the dialog");
            presenter.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            presenter.await(Duration.ofSeconds(5), d -> !overlay.isDisplayed());
            assertEquals("share-show", presenter.js("return document.activeElement.id;"), "focus goes back to the opener");
            assertEquals(List.of(), presenter.consoleErrors());
            assertEquals(List.of(), viewer.consoleErrors());
        }
        try (RunningServer pinned = new RunningServer(s -> s.withPin("4829")); Browser student = new Browser(390, 844)) {
            student.driver.get(pinned.base() + "/");
            student.await(Duration.ofSeconds(20), d -> d.findElement(By.id("join")).isDisplayed());
            assertEquals(List.of(), violations(student, axe), "the join page");
            assertEquals(List.of(), student.consoleErrors());
        }
    }

    /** axe-core's violations on the page as it is (rule id, impact, the first element), injected by the driver. */
    @SuppressWarnings("unchecked")
    private static List<String> violations(Browser page, String axe) {
        page.js(axe);
        Map<String, Object> result = (Map<String, Object>) page.jsAsync(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(r => done({ v: r.violations.map(v => v.id + ' ('"
                        + " + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')) }), e => done({ v: ['axe failed: ' + e] }));");
        return (List<String>) result.get("v");
    }

    private static String sliders(Browser b) {
        return (String) b.js("return [...document.querySelectorAll('#sliders output')].map(o => o.textContent).join(',');");
    }
}
