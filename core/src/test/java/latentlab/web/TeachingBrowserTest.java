package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import latentlab.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What the course teaches, in the presenter's page while a run trains: the KL bars and the rate–distortion
 * path grow by one point per epoch; stepping one batch while paused moves the batch count by one; β changed
 * from the page is marked on the chart and recorded in the run's files; the latent map draws each digit's
 * posterior ellipse and the prior circle, a clicked digit's K samples decode beside it, and a drawing gets
 * its ellipse too.
 */
class TeachingBrowserTest {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass(RunningServer::roomy);

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    private static long count(Browser b, String chartId, int dataset) {
        return ((Number) b.js("const c = Chart.getChart(document.getElementById(arguments[0]));"
                + "return c ? c.data.datasets[arguments[1]].data.length : -1;", chartId, dataset)).longValue();
    }

    private static JsonNode shown(Browser b) throws Exception {
        return Json.MAPPER.readTree((String) b.js("return document.querySelector('.map-posteriors').dataset.shown || '{}';"));
    }

    @Test
    void theTradeOffStepsAChangeOfBetaAndThePosteriors() throws Exception {
        try (Browser presenter = new Browser(1400, 1600)) {
            presenter.driver.get(server.server.presenterUrl());
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("role")).getText().equals("presenter"));
            String runId = server.control("/api/runs", "{\"epochs\": 3, \"trainLimit\": 2560, \"seed\": 8}").body().get("runId").asText();
            presenter.await(Duration.ofSeconds(60), d -> count(presenter, "rate-distortion", 0) == 1);
            assertEquals(2, count(presenter, "kl-bars", 0), "one bar per latent dimension");

            server.control("/api/runs/current/pause", "");
            presenter.await(Duration.ofSeconds(30), d -> d.findElement(By.id("state")).getText().equals("paused")
                    && d.findElement(By.id("step-batch")).isEnabled());
            server.awaitState("paused", 10_000);
            int before = server.get("/api/status").body().get("batch").asInt();
            int epoch = server.get("/api/status").body().get("epoch").asInt();

            WebElement beta = presenter.driver.findElement(By.cssSelector("#tune-form [name=beta]"));
            beta.clear();
            beta.sendKeys("4");
            presenter.driver.findElement(By.id("tune-apply")).click();
            presenter.await(Duration.ofSeconds(10), d -> d.findElement(By.id("tune-message")).getText().contains("β 4"));
            presenter.driver.findElement(By.id("step-batch")).click();
            presenter.await(Duration.ofSeconds(20), d -> !d.findElement(By.id("changes")).getText().isEmpty()
                    && d.findElement(By.id("stat-batch")).getText().startsWith((before + 1) + " / "));
            assertEquals(before + 1, server.get("/api/status").body().get("batch").asInt(), "exactly one batch stepped");
            assertEquals("β 1 → 4 from epoch " + epoch + ", batch " + (before + 1), presenter.driver.findElement(By.id("changes")).getText());
            assertEquals(1L, ((Number) presenter.js("return Chart.getChart(document.getElementById('loss-chart')).$changes.length;")).longValue(),
                    "a marker on the loss chart");
            List<String> recorded = Files.readAllLines(server.models.resolve(runId).resolve("changes.jsonl"));
            assertEquals(1, recorded.size());
            assertTrue(recorded.get(0).contains("\"field\":\"beta\"") && recorded.get(0).contains("\"to\":4.0"), recorded.get(0));
            presenter.screenshot("tuned-paused.png");

            presenter.driver.findElement(By.id("pause")).click(); // "Resume"
            presenter.await(Duration.ofSeconds(120), d -> count(presenter, "rate-distortion", 0) == 3);
            server.awaitState("idle", 60_000);

            // the posteriors on the map, once the last epoch's map is in (a new map starts without samples)
            presenter.await(Duration.ofSeconds(30), d -> d.findElement(By.id("explore-epoch")).getText().contains("epoch 3"));
            presenter.await(Duration.ofSeconds(30), d -> {
                try {
                    JsonNode s = shown(presenter);
                    return s.path("prior").asBoolean() && s.path("sample").asInt() == 100;
                } catch (Exception e) {
                    return false;
                }
            });
            WebElement map = presenter.driver.findElement(By.id("latent-map"));
            presenter.js("arguments[0].scrollIntoView({block: 'center'});", map);
            @SuppressWarnings("unchecked")
            List<Number> at = (List<Number>) presenter.js("const c = Chart.getChart(arguments[0]);"
                    + "const p = c.data.datasets[3].data[0]; return [c.scales.x.getPixelForValue(p.x), c.scales.y.getPixelForValue(p.y), p.i];", map);
            new Actions(presenter.driver).moveToElement(map, 0, 0)
                    .moveByOffset(at.get(0).intValue() - map.getSize().getWidth() / 2, at.get(1).intValue() - map.getSize().getHeight() / 2)
                    .click().perform();
            presenter.await(Duration.ofSeconds(10), d -> {
                try {
                    return shown(presenter).path("selected").isInt();
                } catch (Exception e) {
                    return false;
                }
            });
            int index = shown(presenter).path("selected").asInt(); // the digit under the click (another may lie on it)
            assertTrue(presenter.driver.findElement(By.id("posterior-caption")).getText().startsWith("Test digit #" + index + " (a "),
                    presenter.driver.findElement(By.id("posterior-caption")).getText());
            presenter.driver.findElement(By.id("posterior-sample")).click();
            presenter.await(Duration.ofSeconds(10), d -> "8".equals(d.findElement(By.id("posterior-samples")).getAttribute("data-count")));
            assertEquals(8, shown(presenter).path("samples").asInt(), "the K samples' points on the map");
            presenter.await(Duration.ofSeconds(10), d -> (Boolean) presenter.js("const i = document.getElementById('posterior-original');"
                    + "return i.complete && i.naturalWidth === 28;"));
            presenter.screenshot("posteriors.png");

            WebElement canvas = presenter.driver.findElement(By.id("drawing"));
            presenter.js("arguments[0].scrollIntoView({block: 'center'});", canvas);
            new Actions(presenter.driver).moveToElement(canvas).moveByOffset(-10, -40).clickAndHold().moveByOffset(20, 0)
                    .moveByOffset(-5, 30).moveByOffset(-5, 30).release().perform();
            presenter.driver.findElement(By.id("draw-encode")).click();
            presenter.await(Duration.ofSeconds(20), d -> {
                try {
                    return shown(presenter).path("drawn").asBoolean();
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(List.of(), presenter.consoleErrors());
        }
    }
}
