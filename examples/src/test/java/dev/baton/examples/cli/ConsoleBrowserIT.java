package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.http.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against a real {@code baton serve} process on the
 * sample repository: sign in with a token, read the pinned diff in the inbox, approve as two
 * people, deploy, and find the promotion's commit in the repository with {@code git}. Each page
 * is saved as a screenshot under {@code target/console-screenshots/} for review.
 */
class ConsoleBrowserIT extends CliTestBase {
  private static final String ALICE = "alice-token-0123456789";
  private static final String BOB = "bob-token-0123456789ab";
  private static final String CAROL = "carol-token-0123456789";
  /** Notes that would run script if shown as markup; they must read back as text. */
  private static final String NOTES = "ship 1.3 <script>document.title='pwned'</script>"
      + "<img src=x onerror=\"document.title='pwned'\">";

  private CliProcess.Running serve;
  private ChromeDriver chrome;
  private String base;

  @BeforeEach
  void serve() throws Exception {
    init();
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, ALICE + " alice@example.com\n" + BOB + " bob@example.com\n"
        + CAROL + " carol@example.com\n");
    serve = cli.start(repo, "serve", "--port", "0", "--tokens", tokens.toString());
    base = servedAt(serve);
    chrome = HeadlessChromium.start(tmp.resolve("chromium-profile"));
  }

  @AfterEach
  void stop() throws Exception {
    if (chrome != null) {
      chrome.quit();
    }
    serve.kill();
  }

  @Test
  void approveInTheInboxThenDeployAndTheCommitLands() throws Exception {
    String id = request(NOTES);

    signIn(BOB);
    assertThat(chrome.getCurrentUrl()).isEqualTo(base + "/console/inbox");
    WebElement card = chrome.findElement(By.id("p-" + id));
    assertThat(card.findElement(By.className("notes")).getText()).isEqualTo(NOTES);
    assertThat(chrome.getTitle()).isEqualTo("Approvals inbox · Baton");
    String diff = card.findElements(By.cssSelector("pre.diff")).stream()
        .map(WebElement::getText).collect(Collectors.joining("\n"));
    List<String> added = card.findElements(By.cssSelector("pre.diff span.add")).stream()
        .map(WebElement::getText).toList();
    assertThat(added).as(diff).isNotEmpty();
    assertThat(card.findElement(By.className("meta")).getText())
        .contains("0 of 2 approvals, 2 missing");
    HeadlessChromium.screenshot(chrome, "1-inbox");

    card.findElement(By.cssSelector("form.approve textarea")).sendKeys("diff reads right");
    card.findElement(By.cssSelector("form.approve button")).click();
    waitFor(By.id("done"));
    assertThat(chrome.findElement(By.id("done")).getText())
        .isEqualTo("You approved this promotion.");
    assertThat(chrome.findElement(By.id("empty")).getText())
        .isEqualTo("Nothing waits for your approval.");
    signOut();

    signIn(CAROL);
    WebElement second = chrome.findElement(By.id("p-" + id));
    assertThat(second.findElement(By.className("meta")).getText())
        .contains("1 of 2 approvals, 1 missing");
    second.findElement(By.cssSelector("form.approve button")).click();
    waitFor(By.id("done"));

    chrome.get(base + "/console/promotions/" + id);
    assertThat(chrome.findElement(By.id("status")).getText()).isEqualTo("PENDING_RELEASE");
    assertThat(chrome.findElement(By.id("notes")).getText()).isEqualTo(NOTES);
    HeadlessChromium.screenshot(chrome, "2-promotion-pending-release");
    chrome.findElement(By.id("deploy-button")).click();
    waitFor(By.id("done"));
    assertThat(chrome.findElement(By.id("status")).getText()).isEqualTo("COMPLETED");
    assertThat(chrome.findElement(By.id("deploy-state")).getText()).isEqualTo("DEPLOYED");
    String shownCommit = chrome.findElement(By.id("release-commit")).getText();
    assertThat(chrome.findElement(By.id("decisions")).getText())
        .contains("bob").contains("diff reads right").contains("carol");
    assertThat(chrome.getTitle()).doesNotContain("pwned");
    HeadlessChromium.screenshot(chrome, "3-promotion-completed");

    String head = git("rev-parse", "main").out().strip();
    assertThat(shownCommit).isEqualTo(head);
    assertThat(git("log", "-1", "--format=%B", "main").out()).contains("Promotion-Id: " + id);
    assertThat(git("show", "--stat", "--format=", "main").out())
        .contains("envs/production/");

    chrome.get(base + "/console/projects/shop/history");
    assertThat(chrome.findElements(By.cssSelector("table.history tr.row"))).hasSize(1);
    HeadlessChromium.screenshot(chrome, "4-history");
    chrome.get(base + "/console/projects/shop/pipeline");
    WebElement picture = chrome.findElement(By.id("pipeline-picture"));
    assertThat(picture.findElements(By.cssSelector("g.stage"))).hasSize(3);
    assertThat(picture.findElement(By.cssSelector("g.transition[data-to='production']"))
        .getText()).contains("2 approvals");
    HeadlessChromium.screenshot(chrome, "5-pipeline");
    chrome.get(base + "/console/projects/shop/environments");
    assertThat(chrome.findElements(By.cssSelector("#environments tbody tr"))).hasSize(3);
    HeadlessChromium.screenshot(chrome, "6-environments");
    assertNoScriptOrPolicyErrors();
  }

  @Test
  void historyFiltersInPlaceAndRejectingNeedsAReason() throws Exception {
    String first = request("first");
    String second = request("second");
    signIn(BOB);
    WebElement card = chrome.findElement(By.id("p-" + second));
    card.findElement(By.cssSelector("form.reject textarea")).sendKeys("not this week");
    card.findElement(By.cssSelector("form.reject button")).click();
    waitFor(By.id("done"));
    assertThat(chrome.findElement(By.id("done")).getText())
        .isEqualTo("You rejected this promotion.");

    chrome.get(base + "/console/projects/shop/history");
    assertThat(chrome.findElements(By.cssSelector("table.history tr.row"))).hasSize(2);
    HeadlessChromium.screenshot(chrome, "7-history-all");
    // ticking a status filters the table in place (htmx) and puts the filter in the address
    chrome.findElement(By.cssSelector("input[name='status'][value='REJECTED']")).click();
    new WebDriverWait(chrome, Duration.ofSeconds(20)).until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.history tr.row"), 1));
    WebElement row = chrome.findElement(By.cssSelector("table.history tr.row"));
    assertThat(row.getText()).contains("REJECTED").contains("second");
    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlContains("status=REJECTED"));
    HeadlessChromium.screenshot(chrome, "8-history-rejected");
    chrome.navigate().refresh();
    assertThat(chrome.findElements(By.cssSelector("table.history tr.row"))).hasSize(1);
    assertThat(baton("show", first, "--json").ok().json().get("status").asText())
        .isEqualTo("PENDING_APPROVAL");
    assertNoScriptOrPolicyErrors();
  }

  private void signIn(String token) {
    chrome.get(base + "/console/");
    assertThat(chrome.getCurrentUrl()).startsWith(base + "/console/login");
    chrome.findElement(By.id("token")).sendKeys(token);
    HeadlessChromium.screenshot(chrome, "0-sign-in");
    chrome.findElement(By.id("sign-in")).click();
    waitFor(By.id("viewer"));
  }

  private void signOut() {
    chrome.findElement(By.id("sign-out")).click();
    waitFor(By.id("token"));
  }

  private void waitFor(By what) {
    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(what));
  }

  /** The browser ran no script of the page's text and refused nothing the console sent. */
  private void assertNoScriptOrPolicyErrors() {
    List<String> severe = chrome.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("favicon.ico"))
        .toList();
    assertThat(severe).isEmpty();
    assertThat(chrome.getTitle()).doesNotContain("pwned");
  }

  private String request(String notes) throws Exception {
    String body = Json.line(java.util.Map.of("source", "staging", "target", "production",
        "notes", notes));
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/api/v2/projects/shop/promotion/request"))
        .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode promotion = Json.mapper().readTree(answer.body());
    return promotion.get("id").asText();
  }
}
