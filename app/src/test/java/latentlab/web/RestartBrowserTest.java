package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import latentlab.RealMnist;
import latentlab.cli.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The server process killed with SIGKILL (a laptop's battery, a crash) and started again as before: the
 * teacher's open tab is still the presenter, a student who joined with the PIN is still joined (the page
 * was not reloaded into the PIN dialog), and while the server was down both pages said so at the top of
 * the screen within 2 s, the bar gone once it was back. {@code --new-token} then shuts the old token out.
 */
class RestartBrowserTest {
    private static final String PIN = "4829";
    @TempDir
    Path models;

    @Test
    void aRestartKeepsTheTeacherInChargeAndTheStudentsJoinedAndTheOutageIsShown() throws Exception {
        Browser.requireChromium();
        RealMnist.get();
        int port = ServeProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        ServeProcess first = ServeProcess.start(models, port, "--pin", PIN);
        try (Browser teacher = new Browser(1280, 900); Browser student = new Browser(390, 844)) {
            assertEquals("new", first.value("Token, PIN and join link"));
            String token = first.value("Presenter token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(models.resolve(ClassroomSecrets.FILE))));
            assertTrue(!Files.readString(models.resolve(ClassroomSecrets.FILE)).contains(PIN), "a PIN given with --pin is not written down");

            teacher.driver.get(first.value("Presenter (can control"));
            awaitLive(teacher, "presenter");
            student.driver.get(base + "/?pin=" + PIN);
            awaitLive(student, "viewer");
            for (Browser page : new Browser[] {teacher, student}) {
                page.js("window.sameLoad = true;"); // gone if the page reloads (as it did into the PIN dialog)
            }

            first.kill();
            for (Browser page : new Browser[] {teacher, student}) {
                page.await(Duration.ofMillis(2000), d -> d.findElement(By.id("outage")).isDisplayed()
                        && d.findElement(By.id("outage")).getText().contains("cannot be reached"));
                assertEquals("true", String.valueOf(page.js("return document.body.classList.contains('offline')")), "the live figures are greyed");
            }
            assertEquals("disconnected", student.driver.findElement(By.id("connection")).getText()
                    .replace("connecting…", "disconnected"), "the pill no longer says live");
            student.screenshot("outage-390.png");

            ServeProcess second = ServeProcess.start(models, port, "--pin", PIN);
            try {
                assertTrue(second.value("Token, PIN and join link").startsWith("kept from the last start"), second.output().toString());
                assertEquals(token, second.value("Presenter token"), "the same token is shown again");
                awaitLive(teacher, "presenter");
                awaitLive(student, "viewer");
                for (Browser page : new Browser[] {teacher, student}) {
                    assertEquals(Boolean.TRUE, page.js("return window.sameLoad === true"), "the page went on without a reload");
                    page.await(Duration.ofSeconds(15), d -> !d.findElement(By.id("outage")).isDisplayed());
                    assertEquals("false", String.valueOf(page.js("return document.body.classList.contains('offline')")));
                }
                assertTrue(!student.driver.findElement(By.id("join")).isDisplayed(), "the student was not asked for the PIN again");
                assertEquals("presenter", teacher.driver.findElement(By.id("role")).getText());
            } finally {
                second.kill();
            }

            ServeProcess third = ServeProcess.start(models, port, "--pin", PIN, "--new-token");
            try {
                assertTrue(third.value("Token, PIN and join link").startsWith("new (--new-token)"), third.output().toString());
                String newToken = third.value("Presenter token");
                assertNotEquals(token, newToken);
                HttpClient http = HttpClient.newHttpClient();
                for (String offered : new String[] {token, newToken}) {
                    HttpResponse<String> pause = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/current/pause"))
                            .header("Authorization", "Bearer " + offered).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(offered.equals(token) ? 401 : 409, pause.statusCode(), pause.body()); // 409: nothing runs
                }
            } finally {
                third.kill();
            }
        } finally {
            first.kill();
        }
    }

    private static void awaitLive(Browser page, String role) {
        page.await(Duration.ofSeconds(60), (WebDriver d) -> d.findElement(By.id("connection")).getText().equals("live")
                && d.findElement(By.id("role")).getText().equals(role));
    }
}
