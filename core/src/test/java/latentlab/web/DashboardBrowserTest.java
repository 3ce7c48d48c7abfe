package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The teacher's story in a real browser: open the presenter link, start a short run, watch the chart
 * gain points and the sample grid change; a student's page shows the same history and no controls.
 */
class DashboardBrowserTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    private static long chartPoints(Browser b, int dataset) {
        return ((Number) b.js("const c = Chart.getChart(document.getElementById('loss-chart'));"
                + "return c ? c.data.datasets[arguments[0]].data.length : -1;", dataset)).longValue();
    }

    @Test
    void aFirstVisitSaysWhatWillAppearAndTheConsoleStaysClean() throws Exception {
        try (RunningServer fresh = new RunningServer(); Browser presenter = new Browser(1280, 900); Browser viewer = new Browser(360, 640)) {
            presenter.driver.get(fresh.server.presenterUrl());
            viewer.driver.get(fresh.base() + "/");
            for (Browser page : List.of(presenter, viewer)) {
                page.await(Duration.ofSeconds(20), d -> d.findElement(By.id("connection")).getText().equals("live"));
                page.await(Duration.ofSeconds(10), d -> d.findElement(By.id("hyperparameters")).findElements(By.tagName("input")).size() > 0
                        || page == viewer);
                for (String id : List.of("samples", "reconstructions", "strip")) {
                    assertFalse(page.driver.findElement(By.id(id)).isDisplayed(), id + ": no broken-image icon before there is a picture");
                }
                List<WebElement> placeholders = page.driver.findElements(By.cssSelector("#pictures .placeholder"));
                assertEquals(2, placeholders.size());
                for (WebElement placeholder : placeholders) {
                    assertTrue(placeholder.isDisplayed() && placeholder.getText().contains("after the first epoch"), placeholder.getText());
                }
                assertTrue(page.driver.findElement(By.id("explore-empty")).isDisplayed(), "the explorer says it waits for a model");
                assertEquals(List.of(), page.consoleErrors(), "no console error on a first visit (there was a 409 for /api/latent-map)");
            }
            assertTrue(presenter.driver.findElement(By.cssSelector("#pictures .placeholder")).getText().contains("Start training"),
                    "the presenter is told what to press");
            presenter.screenshot("first-visit-presenter.png");
            viewer.screenshot("first-visit-viewer-360.png");
        }
    }

    @Test
    void presenterStartsARunAndWatchesItLearnWhileAViewerSeesNoControls() throws Exception {
        try (Browser presenter = new Browser(1400, 1500)) {
            String link = server.server.presenterUrl(); // the one-time link the server prints
            presenter.driver.get(link);
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("role")).getText().equals("presenter"));
            assertEquals(server.base() + "/", presenter.driver.getCurrentUrl(), "the link gives way to the dashboard itself");
            assertFalse(String.valueOf(presenter.js("return document.cookie")).contains(PresenterToken.COOKIE),
                    "the presenter cookie is HttpOnly: no script of the page can read it");
            assertEquals(null, presenter.js("return sessionStorage.getItem('latent-lab-token')"), "the page holds no token");
            assertEquals(403, server.get(link.substring(server.base().length())).status(), "the link works once");
            assertNotEquals(link, server.server.presenterUrl(), "and the next one is ready");
            WebElement form = presenter.driver.findElement(By.id("controls"));
            assertTrue(form.isDisplayed());

            setField(presenter, "epochs", "3");
            setField(presenter, "trainLimit", "1500");
            setField(presenter, "seed", "3");
            presenter.driver.findElement(By.id("start")).click();
            presenter.await(Duration.ofSeconds(30), d -> d.findElement(By.id("state")).getText().equals("running"));
            try {
                presenter.await(Duration.ofSeconds(120), d -> chartPoints(presenter, 1) >= 1);
            } catch (RuntimeException e) {
                presenter.screenshot("failure-presenter.png");
                throw new AssertionError("the chart never got an epoch; the page shows \""
                        + presenter.driver.findElement(By.id("training")).getText() + "\", page errors " + presenter.pageErrors()
                        + ", server " + server.get("/api/status").raw(), e);
            }
            String firstGrid = presenter.driver.findElement(By.id("samples")).getAttribute("src");
            assertTrue(firstGrid.endsWith("/images/1/samples.png"), "epoch 1's sample grid is shown: " + firstGrid);
            presenter.await(Duration.ofSeconds(120), d -> chartPoints(presenter, 1) >= 2);
            presenter.await(Duration.ofSeconds(10), d -> !d.findElement(By.id("samples")).getAttribute("src").equals(firstGrid));
            assertNotEquals(firstGrid, presenter.driver.findElement(By.id("samples")).getAttribute("src"), "the grid changes per epoch");
            presenter.await(Duration.ofSeconds(10), d -> (Boolean) presenter.js( // the linked PNG loaded
                    "const i = document.getElementById('samples'); return i.complete && i.naturalWidth === 238;"));
            presenter.screenshot("dashboard-presenter.png");

            try (Browser viewer = new Browser(420, 900)) {
                viewer.driver.get(server.base() + "/");
                viewer.await(Duration.ofSeconds(20), d -> d.findElement(By.id("connection")).getText().equals("live"));
                assertEquals("viewer", viewer.driver.findElement(By.id("role")).getText());
                assertTrue(chartPoints(viewer, 1) >= 2, "a viewer who joins mid-run sees the history at once");
                assertFalse(viewer.driver.findElement(By.id("controls")).isDisplayed(), "viewers get no controls");
                for (String id : List.of("start", "pause", "stop")) {
                    assertFalse(viewer.driver.findElement(By.id(id)).isDisplayed(), id);
                }
                viewer.screenshot("dashboard-viewer-phone.png");
            }

            presenter.driver.findElement(By.id("stop")).click();
            presenter.await(Duration.ofSeconds(60), d -> d.findElement(By.id("state")).getText().equals("idle"));
            presenter.screenshot("dashboard-presenter-stopped.png");
            assertEquals(List.of(), presenter.consoleErrors(), "a whole run watched without a console error");
        }
    }

    @Test
    void aBadValueIsExplainedOnTheFormAndStartsNothing() throws Exception {
        try (Browser presenter = new Browser(1200, 900)) {
            presenter.driver.get(server.base() + "/?token=" + RunningServer.TOKEN);
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("role")).getText().equals("presenter"));
            presenter.await(Duration.ofSeconds(120), d -> d.findElement(By.id("state")).getText().equals("idle"));
            presenter.await(Duration.ofSeconds(10), d -> d.findElement(By.name("learningRate")));
            presenter.js("const f = document.querySelector('[name=learningRate]'); f.min = ''; f.max = ''; f.value = '7';");
            presenter.driver.findElement(By.id("start")).click();
            presenter.await(Duration.ofSeconds(10), d -> !d.findElement(By.id("control-error")).getText().isEmpty());
            WebElement error = presenter.driver.findElement(By.id("control-error"));
            assertTrue(error.getText().contains("learningRate"), error.getText());
            assertEquals("alert", error.getAttribute("role"), "announced");
            org.openqa.selenium.Rectangle buttons = presenter.driver.findElement(By.cssSelector("#controls .buttons")).getRect();
            int below = error.getRect().getY() - (buttons.getY() + buttons.getHeight());
            presenter.screenshot("form-error.png");
            assertTrue(below >= 0 && below < 60, "right under the row of the button pressed: " + below + " px below it");
            assertEquals("idle", server.get("/api/status").body().get("state").asText());
        }
    }

    private static void setField(Browser b, String name, String value) {
        WebElement input = b.await(Duration.ofSeconds(10), d -> d.findElement(By.name(name))); // the form is built from the spec
        input.clear();
        input.sendKeys(value);
    }
}
