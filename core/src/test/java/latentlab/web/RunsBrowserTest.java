package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Runs side by side and links that open a view: the runs panel lists the saved runs; two ticked overlay on
 * one chart; one opened read-only shows its pictures and its explorer at a chosen epoch; a copied view link,
 * opened in a fresh page, shows the same run, epoch and latent point, and holds no token; a viewer sees no
 * delete button, and the presenter deletes a run after saying so twice.
 */
class RunsBrowserTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);
    private static String first;
    private static String second;

    @BeforeAll
    static void trainTwoRuns() throws Exception {
        first = server.control("/api/runs", "{\"epochs\": 2, \"trainLimit\": 2048, \"seed\": 1}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
        second = server.control("/api/runs", "{\"epochs\": 3, \"trainLimit\": 2048, \"seed\": 2, \"beta\": 4}").body().get("runId").asText();
        server.awaitState("running", 30_000);
        server.awaitState("idle", 120_000);
    }

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    private static WebElement row(Browser b, String run) {
        return b.driver.findElement(By.cssSelector("#runs-table tr[data-run='" + run + "']"));
    }

    private static String sliders(Browser b) {
        return (String) b.js("return [...document.querySelectorAll('#sliders output')].map(o => o.textContent).join(',');");
    }

    @Test
    void runsCompareOpenReadOnlyLinkToAViewAndDelete() throws Exception {
        try (Browser presenter = new Browser(1400, 1600)) {
            presenter.driver.get(server.server.presenterUrl());
            presenter.await(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 2
                    && d.findElement(By.id("explore-body")).isDisplayed());
            assertTrue(row(presenter, second).getText().contains("beta 4"), "the settings that differ: " + row(presenter, second).getText());
            assertTrue(row(presenter, second).getText().contains("3/3"));
            String weights = row(presenter, second).findElement(By.xpath(".//a[text()='weights']")).getAttribute("href");
            assertTrue(weights.endsWith("/api/runs/" + second + "/epochs/3/weights.safetensors"), weights);
            assertEquals(200, server.get(weights.substring(server.base().length())).status(), "the run's weights download");

            for (String run : List.of(first, second)) {
                row(presenter, run).findElement(By.cssSelector("input[type=checkbox]")).click();
            }
            presenter.await(Duration.ofSeconds(10), d -> ((Number) presenter.js(
                    "const c = Chart.getChart(document.getElementById('runs-chart')); return c ? c.data.datasets.length : 0;")).intValue() == 2);
            @SuppressWarnings("unchecked")
            List<Long> points = (List<Long>) presenter.js("return Chart.getChart(document.getElementById('runs-chart')).data.datasets"
                    + ".map(d => d.data.length).sort();");
            assertEquals(List.of(2L, 3L), points, "both runs' points on one chart");
            presenter.screenshot("runs-compare.png");

            // open the first run read-only, at epoch 1
            row(presenter, first).findElement(By.xpath(".//button[text()='open']")).click();
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("viewing")).isDisplayed()
                    && d.findElement(By.id("run-id")).getText().contains(first));
            WebElement scrubber = presenter.driver.findElement(By.id("scrubber"));
            ((JavascriptExecutor) presenter.driver).executeScript(
                    "arguments[0].value = 1; arguments[0].dispatchEvent(new Event('input'));", scrubber);
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("samples")).getAttribute("src").endsWith("/runs/" + first + "/images/1/samples.png")
                    && d.findElement(By.id("explore-epoch")).getText().contains("epoch 1"));
            presenter.driver.findElement(By.id("pad")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT, org.openqa.selenium.Keys.ARROW_UP);
            presenter.await(Duration.ofSeconds(5), d -> !sliders(presenter).equals("0.00,0.00"));
            String point = sliders(presenter);

            presenter.js("document.getElementById('share-fold').getAttribute('aria-expanded') === 'false' && document.getElementById('share-fold').click();");
            presenter.driver.findElement(By.id("share-view")).click();
            String link = presenter.driver.findElement(By.id("share-view-link")).getAttribute("value");
            assertTrue(link.contains("#") && link.contains("run=" + first) && link.contains("epoch=1"), link);
            assertFalse(link.contains(RunningServer.TOKEN), "never the token in a view link");
            presenter.screenshot("runs-viewing.png");

            try (Browser fresh = new Browser(1280, 1000)) {
                fresh.driver.get(link);
                fresh.await(Duration.ofSeconds(30), d -> d.findElement(By.id("viewing")).isDisplayed()
                        && d.findElement(By.id("run-id")).getText().contains(first)
                        && d.findElement(By.id("explore-epoch")).getText().contains("epoch 1")
                        && sliders(fresh).equals(point));
                assertTrue(fresh.driver.findElements(By.cssSelector("#runs-table button.danger")).isEmpty(), "a viewer sees no delete button");
                assertEquals(List.of(), fresh.consoleErrors());
            }

            presenter.driver.findElement(By.id("viewing-back")).click();
            presenter.await(Duration.ofSeconds(20), d -> !d.findElement(By.id("viewing")).isDisplayed()
                    && d.findElement(By.id("run-id")).getText().contains(second));

            row(presenter, first).findElement(By.xpath(".//button[text()='delete']")).click();
            row(presenter, first).findElement(By.cssSelector("button[data-confirm]")).click();
            presenter.await(Duration.ofSeconds(20), d -> d.findElements(By.cssSelector("#runs-table tr[data-run='" + first + "']")).isEmpty());
            assertEquals(404, server.get("/api/runs/" + first).status());
            assertTrue(row(presenter, second).findElements(By.xpath(".//button[text()='delete']")).size() == 1);
            assertEquals(List.of(), presenter.consoleErrors());
        }
    }
}
