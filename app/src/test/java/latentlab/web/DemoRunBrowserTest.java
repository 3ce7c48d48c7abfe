package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import latentlab.RealMnist;
import latentlab.cli.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A fresh install: `serve` on an empty models folder installs the demo run that ships in the jar, and the
 * first page open has a model at once — labelled as the demo, the explorer decoding on the device, its
 * pictures and its three epochs on the chart — without any training; starting a run takes the page over.
 */
class DemoRunBrowserTest {
    @TempDir
    Path models;

    @Test
    void anEmptyModelsFolderOpensOnTheDemoRunAndATrainingRunTakesOver() throws Exception {
        Browser.requireChromium();
        RealMnist.get();
        int port = ServeProcess.freePort();
        try (ServeProcess serve = ServeProcess.start(models, port, "--token", "demo-test-token");
             Browser page = new Browser(1280, 1000)) {
            assertTrue(serve.output().stream().anyMatch(l -> l.contains("installed the demo run")), String.join("\n", serve.output()));
            page.driver.get("http://127.0.0.1:" + port + "/");
            page.await(Duration.ofSeconds(30), d -> d.findElement(By.id("explore-body")).isDisplayed()
                    && "device".equals(d.findElement(By.id("decode-where")).getAttribute("data-where")));
            assertTrue(page.driver.findElement(By.id("demo")).isDisplayed(), "labelled as the demo");
            assertEquals("train --epochs 3 --seed 1", page.driver.findElement(By.id("demo-command")).getText());
            assertTrue(page.driver.findElement(By.id("run-id")).getText().endsWith("(demo)"));
            assertEquals(3L, ((Number) page.js("return Chart.getChart(document.getElementById('loss-chart')).data.datasets[1].data.length;")).longValue());
            page.await(Duration.ofSeconds(10), d -> (Boolean) page.js("const i = document.getElementById('samples'); return i.complete && i.naturalWidth === 238;"));
            page.await(Duration.ofSeconds(10), d -> (Boolean) page.js(
                    "const c = document.getElementById('decoded').getContext('2d'); return c.getImageData(0, 0, 28, 28).data.some((v, i) => i % 4 === 0 && v > 0);"));
            page.screenshot("demo-run.png");
            assertEquals(List.of(), page.consoleErrors());

            HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs"))
                    .header("Authorization", "Bearer demo-test-token").POST(HttpRequest.BodyPublishers.ofString("{\"epochs\": 1, \"trainLimit\": 1024}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, started.statusCode(), started.body());
            page.await(Duration.ofSeconds(30), d -> !d.findElement(By.id("demo")).isDisplayed()
                    && !d.findElement(By.id("run-id")).getText().contains("demo"));
        }
    }
}
