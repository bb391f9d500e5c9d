package io.condo.it.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (installed by
 * scripts/test-packages.sh; nothing is downloaded), with a fresh profile.
 */
public final class Browser implements AutoCloseable {

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  public static Browser open(Path profile) throws Exception {
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1600,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  /** Sets the size of the page's viewport, as a screen of that size shows it. */
  public void viewport(int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    Number innerW = (Number) script("return window.innerWidth");
    Number innerH = (Number) script("return window.innerHeight");
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(
        2 * width - innerW.intValue(), 2 * height - innerH.intValue()));
  }

  public void get(String url) {
    driver.get(url);
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits until the selector matches an element; returns the first. */
  public WebElement await(String css, Duration timeout) {
    return Await.until(css + " in the page", timeout, () -> all(css), found -> !found.isEmpty()).get(0);
  }

  public Object script(String js) {
    return driver.executeScript(js);
  }

  /** Resources the page has fetched since it loaded (documents, scripts, fetch/XHR calls). */
  public long fetches() {
    return ((Number) script("return performance.getEntriesByType('resource').length")).longValue();
  }

  /** Opens the URL in a new tab of the same browser, which becomes the current one. */
  public void newTab(String url) {
    driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    driver.get(url);
  }

  public void screenshot(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
