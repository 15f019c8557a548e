package dev.hearth.server.it;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Test support: Debian's headless Chromium driven through its chromedriver, in a fresh profile, with waits generous
 * enough for a loaded machine and screenshots saved under {@code target/dashboard-screenshots/}.
 */
final class Browser implements AutoCloseable {

    static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String base;

    Browser(String base, Path profile) {
        this.base = base;
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits for {@code css} to hold {@code text}; returns its text. */
    String waitForText(String css, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css)).getText();
    }

    <T> T until(Function<org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(200)).until(condition::apply);
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole-page screenshot: the window grows to the page's height first. */
    void fullScreenshot(String name, int width) {
        Dimension before = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return Math.max(document.body.scrollHeight, 800)");
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 140, 6000)));
        screenshot(name);
        driver.manage().window().setSize(before);
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
