package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven by its ChromeDriver through Selenium: the real browser
 * the console's tests use. Nothing is downloaded: the browser and the driver are the machine's
 * ({@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or {@code BATON_CHROMIUM} and
 * {@code BATON_CHROMEDRIVER}); {@code .ci/run} installs them. Without them a test is skipped on
 * a developer's machine and fails in CI (where {@code CI} is set), so CI cannot pass without
 * having run it.
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  /** A fresh browser with an empty profile under {@code profile}; the caller quits it. */
  static ChromeDriver start(Path profile) {
    Path browser = Path.of(Optional.ofNullable(System.getenv("BATON_CHROMIUM"))
        .orElse("/usr/bin/chromium"));
    Path driver = Path.of(Optional.ofNullable(System.getenv("BATON_CHROMEDRIVER"))
        .orElse("/usr/bin/chromedriver"));
    if (!Files.isExecutable(browser) || !Files.isExecutable(driver)) {
      String missing = "Chromium (" + browser + ") and ChromeDriver (" + driver + ") are needed"
          + " for the browser tests: apt-get install chromium chromium-driver";
      if (System.getenv("CI") != null) {
        fail(missing);
      }
      Assumptions.abort(missing);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    // the flags that keep a headless Chromium from calling home on a machine with no internet
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--window-size=1280,1000", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return chrome;
  }

  /** Saves what the browser shows as {@code target/console-screenshots/NAME.png}. */
  static Path screenshot(ChromeDriver chrome, String name) {
    Path folder = Path.of("target", "console-screenshots");
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) chrome).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
