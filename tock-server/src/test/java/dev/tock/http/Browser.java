package dev.tock.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}). Every wait is bounded and waits on a condition, never on time.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TOCK_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("TOCK_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Where every run saves its screenshots; {@code -Dtock.screenshots=docs/screenshots} also updates the README's. */
    private static final Path SHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /**
     * Starts Chromium; skips the test where it is not installed, except on CI ({@code CI=true}), where
     * a missing browser is a failure: {@code .ci/run} installs it.
     */
    static Browser open(int port) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("Chromium or chromedriver missing on CI: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "Chromium not installed (apt-get install -y chromium chromium-driver)");
        // Selenium warns that it has no DevTools bindings for this Chromium's version; the tests use none.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withTimeout(WAIT).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return new Browser(driver, "http://127.0.0.1:" + port);
    }

    /** Logs in at /ui/login with {@code token}, as a person would, and waits for the dashboard. */
    void login(String token) {
        driver.get(base + "/ui/login");
        WebElement field = shown(org.openqa.selenium.By.id("token"));
        field.sendKeys(token);
        field.submit();
        waitFor("the dashboard after logging in", d -> d.getCurrentUrl().contains("/ui/") && !d.getCurrentUrl().contains("/ui/login"));
    }

    /** Goes to an address of the server as it is, e.g. {@code /ui/login?next=...}. */
    void visit(String path) {
        driver.get(base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** Goes to any address, e.g. a page of another origin. */
    void visitUrl(String url) {
        driver.get(url);
    }

    /** Opens a page of the app, e.g. {@code #/jobs?state=dead}, and waits until it has loaded data. */
    void open(String hash) {
        driver.get(base + "/ui/" + hash);
        waitFor("the page to load its data", d -> "ok".equals(find(By.id("live")).getDomAttribute("data-state")));
    }

    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> {
                    T value = condition.apply(d);
                    return value instanceof Boolean b && !b ? null : value;
                });
    }

    /** Clicks the element that matches, found again if the page re-rendered it between finding and clicking. */
    void click(By by) {
        waitFor("clicking " + by, d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** Waits for an element that matches and is shown. */
    WebElement shown(By by) {
        return waitFor("an element " + by, d -> {
            WebElement el = d.findElement(by);
            return el.isDisplayed() ? el : null;
        });
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until some element matching {@code by} contains {@code text}. */
    WebElement withText(By by, String text) {
        return waitFor("an element " + by + " with text \"" + text + "\"", d -> d.findElements(by).stream()
                .filter(e -> e.getText().contains(text)).findFirst().orElse(null));
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Emulates a light or dark colour-scheme preference through the DevTools protocol. */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * Saves the whole page (the window grown to the page's height) as {@code name}.png under
     * target/screenshots, and under the folder {@code -Dtock.screenshots} names when given.
     */
    void screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        long chrome = ((Number) script("return window.outerHeight - window.innerHeight")).longValue();
        size(window.getWidth(), (int) Math.min(4000, Math.max(window.getHeight(), height + chrome)));
        byte[] png;
        try {
            png = driver.getScreenshotAs(OutputType.BYTES);
        } finally {
            size(window.getWidth(), window.getHeight());
        }
        try {
            Files.createDirectories(SHOTS);
            Files.write(SHOTS.resolve(name + ".png"), png);
            String docs = System.getProperty("tock.screenshots");
            if (docs != null && !docs.isBlank()) {
                Path dir = Path.of(docs);
                Files.createDirectories(dir);
                Files.write(dir.resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
