package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import latentlab.RealMnist;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The classroom in real browsers: the presenter's share panel (link, QR code, PIN, count, projector
 * view); a student without the PIN is asked for it, a wrong one is explained, the right one lets them
 * in; a student who scanned the QR code is in at once. And after a crash the presenter resumes the
 * interrupted run with one button.
 */
class ClassroomBrowserTest {
    private static final String PIN = "7302";

    @BeforeEach
    void needsChromium() {
        Browser.requireChromium();
    }

    @Test
    void aClassJoinsWithThePinOrTheQrLinkAndThePresenterSeesThem() throws Exception {
        try (RunningServer server = new RunningServer(s -> s.withPin(PIN));
             Browser presenter = new Browser(1400, 1100); Browser typed = new Browser(420, 900);
             Browser scanned = new Browser(420, 900)) {
            presenter.driver.get(server.base() + "/?token=" + RunningServer.TOKEN);
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("role")).getText().equals("presenter"));
            presenter.await(Duration.ofSeconds(10), d -> ((Number) presenter.js(
                    "return document.getElementById('share-qr').naturalWidth")).intValue() > 0);
            assertTrue(presenter.driver.findElement(By.id("share")).isDisplayed());
            assertEquals(PIN, presenter.driver.findElement(By.id("share-pin")).getText());
            assertEquals(server.server.viewerUrl(), presenter.driver.findElement(By.id("share-link")).getText());
            assertTrue(presenter.driver.findElement(By.id("share-local")).isDisplayed(),
                    "a server bound to 127.0.0.1 says that only this computer can open the link");

            typed.driver.get(server.base() + "/");
            typed.await(Duration.ofSeconds(10), d -> d.findElement(By.id("join")).isDisplayed());
            typed.screenshot("join-pin.png");
            typed.driver.findElement(By.id("join-pin")).sendKeys("1111");
            typed.driver.findElement(By.cssSelector("#join-form button")).click();
            typed.await(Duration.ofSeconds(10), d -> d.findElement(By.id("join-message")).getText().contains("wrong PIN"));
            typed.driver.findElement(By.id("join-pin")).clear();
            typed.driver.findElement(By.id("join-pin")).sendKeys(PIN);
            typed.driver.findElement(By.cssSelector("#join-form button")).click();
            typed.await(Duration.ofSeconds(10), d -> d.findElement(By.id("connection")).getText().equals("live"));
            assertFalse(typed.driver.findElement(By.id("join")).isDisplayed());
            assertEquals("viewer", typed.driver.findElement(By.id("role")).getText());
            assertFalse(typed.driver.findElement(By.id("share")).isDisplayed(), "viewers do not get the share panel");

            scanned.driver.get(server.server.joinUrl().replace(server.server.viewerUrl(), server.base() + "/"));
            scanned.await(Duration.ofSeconds(10), d -> d.findElement(By.id("connection")).getText().equals("live"));
            assertFalse(scanned.driver.findElement(By.id("join")).isDisplayed(), "the QR link carries the PIN");
            assertFalse(scanned.driver.getCurrentUrl().contains("join="), "the join link's secret leaves the address bar");

            presenter.await(Duration.ofSeconds(10), d -> d.findElement(By.id("share-count")).getText().equals("2 other pages connected"));
            presenter.screenshot("share-panel.png");
            presenter.driver.findElement(By.id("share-show")).click();
            presenter.await(Duration.ofSeconds(5), d -> d.findElement(By.id("share-overlay")).isDisplayed());
            presenter.screenshot("share-projector.png");
            presenter.driver.findElement(By.id("share-overlay")).click();
            presenter.await(Duration.ofSeconds(5), d -> !d.findElement(By.id("share-overlay")).isDisplayed());
            assertEquals(List.of(), typed.pageErrors(), "no uncaught error on the student's page");
        }
    }

    @Test
    void afterACrashThePresenterResumesTheInterruptedRun() throws Exception {
        Path models = Files.createTempDirectory("latent-lab-interrupted");
        Hyperparameters hp = new Hyperparameters(2, 128, 1e-3, 2, 1.0, 0, 5, 1024, false);
        RunDirectory run = RunDirectory.create(models, hp);
        new TrainingJob(RealMnist.get(), run, hp.withEpochs(1), Device.cpu(), null, s -> {}).run();
        Files.delete(run.path().resolve("outcome.txt")); // exactly what a killed process leaves: no ending written
        try (RunningServer server = new RunningServer(models); Browser presenter = new Browser(1400, 1100);
             Browser viewer = new Browser(420, 900)) {
            viewer.driver.get(server.base() + "/");
            viewer.await(Duration.ofSeconds(20), d -> d.findElement(By.id("outcome")).getText().contains("interrupted after epoch 1 of 2"));
            assertTrue(viewer.driver.findElement(By.id("outcome")).getText().contains("the presenter can resume it"));
            assertFalse(viewer.driver.findElement(By.id("resume-run")).isDisplayed());

            presenter.driver.get(server.base() + "/?token=" + RunningServer.TOKEN);
            presenter.await(Duration.ofSeconds(20), d -> d.findElement(By.id("resume-run")).isDisplayed());
            assertEquals("Resume this run (epoch 2 of 2)", presenter.driver.findElement(By.id("resume-run")).getText());
            presenter.screenshot("resume-interrupted.png");
            presenter.driver.findElement(By.id("resume-run")).click();
            viewer.await(Duration.ofSeconds(180), d -> d.findElement(By.id("outcome")).getText().contains("last run completed"));
            assertEquals(2, RunDirectory.open(models, run.id()).readMetrics().size());
            assertFalse(presenter.driver.findElement(By.id("resume-run")).isDisplayed());
        }
    }
}
