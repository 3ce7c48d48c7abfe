package latentlab.web;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Debian chromium driven through /usr/bin/chromedriver (no driver or browser download, ever). */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    final ChromeDriver driver;

    /** Skips the test where chromium is missing, except on CI, where browser tests must run. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("browser tests must run on CI: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver: browser test skipped");
    }

    Browser(int width, int height) {
        this(width, height, false);
    }

    /**
     * {@code requestLog}: keep the browser's network log (every request and WebSocket frame), read with
     * {@link #networkEvents}; {@code extraArguments}: more chromium switches (e.g. one that turns WebAssembly off).
     */
    Browser(int width, int height, boolean requestLog, String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        options.addArguments(extraArguments);
        options.setCapability("goog:loggingPrefs", requestLog // the page's console, for errors
                ? java.util.Map.of("browser", "ALL", "performance", "ALL") : java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** A script that ends by calling its last argument with the result (a fetch, say). */
    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /**
     * Every error the console showed since the last read: uncaught errors and rejections, failed loads
     * (a 409 the page asked for, a refused connection), {@code console.error} (each read returns the
     * entries since the last of any kind).
     */
    java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .toList();
    }

    /** The page's uncaught errors so far, from its console (each read returns the entries since the last). */
    java.util.List<String> pageErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> m.contains("Uncaught"))
                .toList();
    }

    /**
     * The network events since the last read (Chrome's DevTools log: {@code Network.requestWillBeSent},
     * {@code Network.webSocketFrameSent}, …), each as its JSON text; needs {@code requestLog}.
     */
    java.util.List<String> networkEvents() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.PERFORMANCE).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> m.contains("\"Network."))
                .toList();
    }

    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    }

    void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
