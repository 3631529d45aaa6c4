package dev.baton.http;

import static dev.baton.http.ApiWorld.ALICE;
import static dev.baton.http.ApiWorld.BOB;
import static dev.baton.http.ApiWorld.CAROL;
import static dev.baton.http.ApiWorld.DAVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.http.ConsoleClient.Page;
import dev.baton.model.EnvironmentName;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web console over real HTTP on loopback (its pages in a real browser: the examples'
 * {@code ConsoleBrowserIT}): signing in, what each page shows, that everything typed is
 * escaped, that secrets stay masked, and that no form works without its CSRF token.
 */
class ConsoleTest {
  private static final String HOSTILE = "<script>alert('notes')</script>"
      + "<img src=x onerror=alert(1)> & \"quoted\"";

  private ApiWorld world;

  @BeforeEach
  void start() {
    world = new ApiWorld();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private ConsoleClient visitor() {
    return new ConsoleClient(world.server.uri());
  }

  @Test
  void aPageAsksAStrangerToSignInAndComesBackAfterwards() {
    ConsoleClient browser = visitor();
    Page page = browser.get("/console/projects/shop/history?status=REJECTED");
    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("Location")).isEqualTo(
        "/console/login?next=%2Fconsole%2Fprojects%2Fshop%2Fhistory%3Fstatus%3DREJECTED");
    Page login = browser.get(page.header("Location"));
    // the template escapes '=' too (as &#61;), which an attribute value reads back as '='
    assertThat(login.html())
        .contains("value=\"/console/projects/shop/history?status&#61;REJECTED\"");
    Page signedIn = browser.post("/console/login", "_csrf", browser.csrf(),
        "next", "/console/projects/shop/history?status=REJECTED", "token", BOB);
    assertThat(signedIn.status()).isEqualTo(303);
    assertThat(signedIn.header("Location"))
        .isEqualTo("/console/projects/shop/history?status=REJECTED");
    assertThat(signedIn.header("Set-Cookie")).contains("baton_session=")
        .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
    Page history = browser.get(signedIn.header("Location"));
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.html()).contains("<span id=\"viewer\">bob</span>")
        .doesNotContain(BOB);
  }

  @Test
  void anUnknownTokenIsNotAcceptedAndNeverShownBack() {
    ConsoleClient browser = visitor();
    browser.get("/console/login");
    String wrong = "not-a-token-0123456789";
    Page refused = browser.post("/console/login", "_csrf", browser.csrf(), "next",
        "/console/inbox", "token", wrong);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.html()).contains("That token was not accepted.").doesNotContain(wrong);
    assertThat(refused.header("Set-Cookie")).doesNotContain("baton_session=");
    assertThat(browser.get("/console/inbox").status()).isEqualTo(303);
  }

  @Test
  void signingInNeedsTheLoginFormsOwnCheck() {
    ConsoleClient browser = visitor();
    // a form posted from another site has neither the cookie nor the field
    Page forged = browser.post("/console/login", "next", "/console/inbox", "token", BOB);
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.header("Set-Cookie")).doesNotContain("baton_session=");
    browser.get("/console/login");
    Page wrongCheck = browser.post("/console/login", "_csrf", "guessed", "next",
        "/console/inbox", "token", BOB);
    assertThat(wrongCheck.status()).isEqualTo(403);
  }

  @Test
  void afterSigningInOnlyConsolePagesAreWhereItGoesNext() {
    ConsoleClient kept = visitor();
    kept.get("/console/login");
    Page back = kept.post("/console/login", "_csrf", kept.csrf(), "next",
        "/console/promotions/p-1?done=approved", "token", BOB);
    assertThat(back.header("Location")).isEqualTo("/console/promotions/p-1?done=approved");
    for (String next : List.of("https://evil.example/", "//evil.example/console/",
        "/console/../api/v2/inbox", "/console\\@evil", "/console/login", "/elsewhere")) {
      ConsoleClient browser = visitor();
      browser.get("/console/login");
      Page done = browser.post("/console/login", "_csrf", browser.csrf(), "next", next,
          "token", BOB);
      assertThat(done.status()).isEqualTo(303);
      String location = done.header("Location");
      assertThat(location).as(next).isEqualTo("/console/inbox");
    }
  }

  @Test
  void theInboxShowsWhatIMayApproveWithItsPinnedDiffAndApprovingWorks() {
    String id = world.requestToProduction("release 1.3.0");
    ConsoleClient bob = visitor().signIn(BOB);
    Page inbox = bob.get("/console/inbox");
    assertThat(inbox.status()).isEqualTo(200);
    assertThat(inbox.header("Content-Type")).startsWith("text/html");
    assertThat(inbox.html()).contains("id=\"p-" + id + "\"")
        .contains("shop: staging → production")
        .contains("release 1.3.0")
        .contains("0 of 2 approvals, 2 missing")
        .contains("<code class=\"path\">values.yaml</code>")
        .contains("<span class=\"del\">-  tag: &quot;1.2.0&quot;</span>")
        .contains("<span class=\"add\">+  tag: &quot;1.3.0&quot;</span>");
    Page approved = bob.post("/console/promotions/" + id + "/approve", "_csrf", bob.csrf(),
        "back", "inbox", "comment", "looks right");
    assertThat(approved.status()).as(approved.html()).isEqualTo(303);
    assertThat(approved.header("Location")).isEqualTo("/console/inbox?done=approved");
    Page after = bob.get(approved.header("Location"));
    assertThat(after.html()).contains("You approved this promotion.")
        .contains("Nothing waits for your approval.");
    assertThat(world.baton.promotions().get(PromotionId.of(id)).decisions())
        .singleElement().satisfies(d -> {
          assertThat(d.by()).isEqualTo(UserId.of("bob"));
          assertThat(d.comment()).isEqualTo("looks right");
        });

    ConsoleClient carol = visitor().signIn(CAROL);
    carol.get("/console/promotions/" + id);
    Page second = carol.post("/console/promotions/" + id + "/approve", "_csrf", carol.csrf(),
        "comment", "");
    assertThat(second.header("Location"))
        .isEqualTo("/console/promotions/" + id + "?done=approved");
    Page promotion = carol.get(second.header("Location"));
    assertThat(promotion.html()).contains("id=\"status\">PENDING_RELEASE<")
        .contains("id=\"deploy-state\">WAITING<").contains("id=\"deploy-button\"");
    carol.post("/console/promotions/" + id + "/deploy", "_csrf", carol.csrf());
    assertThat(world.baton.promotions().get(PromotionId.of(id)).status())
        .isEqualTo(PromotionStatus.COMPLETED);
    assertThat(carol.get("/console/promotions/" + id).html())
        .contains("id=\"status\">COMPLETED<").contains("id=\"deploy-state\">DEPLOYED<")
        .contains("by carol").doesNotContain("id=\"deploy-button\"");
  }

  @Test
  void everythingAPersonTypedIsShownAsTextNeverAsMarkup() {
    String id = world.requestToProduction("x");
    // notes with markup, through the engine (the JSON helper above would need escaping)
    String hostileId = world.baton.promotions().request(new dev.baton.PromotionRequest(
        ApiWorld.SHOP, EnvironmentName.of("dev"), EnvironmentName.of("staging"),
        UserId.of("alice"), HOSTILE, Optional.empty())).id().toString();
    ConsoleClient bob = visitor().signIn(BOB);
    bob.get("/console/promotions/" + id);
    bob.post("/console/promotions/" + id + "/reject", "_csrf", bob.csrf(), "comment", HOSTILE);
    String escaped = "&lt;script&gt;alert(&#39;notes&#39;)&lt;/script&gt;&lt;img src&#61;x"
        + " onerror&#61;alert(1)&gt; &amp; &quot;quoted&quot;";
    for (String path : List.of("/console/promotions/" + hostileId,
        "/console/promotions/" + id, "/console/projects/shop/history")) {
      String html = bob.get(path).html();
      assertThat(html).as(path).doesNotContain("<script>alert").doesNotContain("<img src=x");
      assertThat(html).as(path).containsAnyOf(escaped, "&lt;script&gt;alert(&#39;notes&#39;)");
    }
    assertThat(bob.get("/console/promotions/" + hostileId).html()).contains(escaped);
  }

  @Test
  void noFormWorksWithoutItsViewersCsrfToken() {
    String id = world.requestToProduction("csrf");
    ConsoleClient bob = visitor().signIn(BOB);
    ConsoleClient carol = visitor().signIn(CAROL);
    carol.get("/console/inbox");
    for (String[] fields : List.of(new String[] {"comment", "forged"},
        new String[] {"_csrf", "", "comment", "forged"},
        new String[] {"_csrf", carol.csrf(), "comment", "carol's token in bob's session"})) {
      Page refused = bob.post("/console/promotions/" + id + "/approve", fields);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.html()).contains("CSRF_REFUSED");
    }
    bob.get("/console/inbox");
    Page logout = bob.post("/console/logout", "comment", "no token");
    assertThat(logout.status()).isEqualTo(403);
    assertThat(world.baton.promotions().get(PromotionId.of(id)).decisions()).isEmpty();
    assertThat(bob.get("/console/inbox").status()).isEqualTo(200);
  }

  @Test
  void signingOutEndsTheSession() {
    ConsoleClient bob = visitor().signIn(BOB);
    bob.get("/console/inbox");
    Page out = bob.post("/console/logout", "_csrf", bob.csrf());
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.header("Location")).isEqualTo("/console/login");
    assertThat(out.header("Set-Cookie")).contains("baton_session=;").contains("Max-Age=0");
    assertThat(bob.get("/console/inbox").status()).isEqualTo(303);
  }

  @Test
  void aRefusalIsShownWithItsCodeAndChangesNothing() {
    String id = world.requestToProduction("refusals");
    ConsoleClient bob = visitor().signIn(BOB);
    bob.get("/console/promotions/" + id);
    Page blank = bob.post("/console/promotions/" + id + "/reject", "_csrf", bob.csrf(),
        "comment", "  ");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.html()).contains("INVALID_ARGUMENT").contains("a rejection says why");
    ConsoleClient dave = visitor().signIn(DAVE);
    assertThat(dave.get("/console/inbox").html()).contains("Nothing waits for your approval.");
    dave.get("/console/promotions/" + id);
    Page denied = dave.post("/console/promotions/" + id + "/approve", "_csrf", dave.csrf(),
        "comment", "me too");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.html()).contains("PERMISSION_DENIED");
    assertThat(world.baton.promotions().get(PromotionId.of(id)).decisions()).isEmpty();
    Page missing = bob.get("/console/promotions/01J0000000000000000000000Z");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.html()).contains("PROMOTION_NOT_FOUND");
  }

  @Test
  void secretsStayMaskedOnEveryPage() {
    String id = world.baton.promotions().request(new dev.baton.PromotionRequest(
        ApiWorld.VAULT, EnvironmentName.of("staging"), EnvironmentName.of("production"),
        UserId.of("alice"), "db move", Optional.empty())).id().toString();
    ConsoleClient bob = visitor().signIn(BOB);
    for (String path : List.of("/console/inbox", "/console/promotions/" + id,
        "/console/projects/vault/history")) {
      String html = bob.get(path).html();
      assertThat(html).as(path).doesNotContain("hunter2");
    }
    assertThat(bob.get("/console/inbox").html()).contains("&lt;sensitive&gt;")
        .contains("2.0.0");
  }

  @Test
  void historyFiltersAndPagesAsTheApiDoes() {
    for (int i = 0; i < 3; i++) {
      world.requestToProduction("n" + i);
    }
    ConsoleClient bob = visitor().signIn(BOB);
    Page all = bob.get("/console/projects/shop/history?limit=2");
    assertThat(all.html()).contains("1–2 of 3").contains("older →")
        .doesNotContain("← newer");
    assertThat(all.html())
        .contains("href=\"/console/projects/shop/history?limit&#61;2&amp;offset&#61;2\"");
    Page last = bob.get("/console/projects/shop/history?limit=2&offset=2");
    assertThat(last.html()).contains("3–3 of 3").contains("← newer");
    Page filtered = bob.get("/console/projects/shop/history?status=REJECTED&env=production");
    assertThat(filtered.html()).contains("No promotion matches.")
        .contains("value=\"REJECTED\" checked")
        .contains("<option value=\"production\" selected>");
    Page bad = bob.get("/console/projects/shop/history?limit=many&since=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.html()).contains("INVALID_ARGUMENT").contains("limit: &#39;many&#39;")
        .contains("since: &#39;yesterday&#39;");
  }

  @Test
  void thePipelineIsAPictureWithApprovalsAndTheEnvironmentsShowTheirFreeze() {
    world.baton.environments().freeze(ApiWorld.SHOP, EnvironmentName.of("production"),
        "year-end <b>freeze</b>", UserId.of("alice"), Optional.empty(),
        dev.baton.model.FreezeHolds.WRITE_AND_DEPLOY);
    ConsoleClient bob = visitor().signIn(BOB);
    String pipeline = bob.get("/console/projects/shop/pipeline").html();
    assertThat(pipeline).contains("<svg class=\"pipeline\"")
        .contains("data-from=\"staging\" data-to=\"production\"")
        .contains(">2 approvals</text>").contains(">automatic</text>")
        .contains("class=\"stage frozen\" data-stage=\"production\"")
        .contains("class=\"stage\" data-stage=\"dev\"");
    String envs = bob.get("/console/projects/shop/environments").html();
    assertThat(envs).contains("data-environment=\"production\"")
        .contains("year-end &lt;b&gt;freeze&lt;/b&gt;").contains("(WRITE_AND_DEPLOY) by alice");
  }

  @Test
  void theEnvironmentsPageFreezesBreaksTheGlassAndLiftsTheFreeze() {
    ConsoleClient alice = visitor().signIn(ALICE);
    String page = "/console/projects/shop/environments";
    String staging = "/console/projects/shop/environments/staging";
    alice.get(page);
    Page frozen = alice.post(staging + "/freeze", "_csrf", alice.csrf(), "reason",
        "load test", "holds", "DEPLOY");
    assertThat(frozen.status()).as(frozen.html()).isEqualTo(303);
    assertThat(frozen.header("Location")).isEqualTo(page + "?done=frozen");
    assertThat(world.baton.environments().status(ApiWorld.SHOP, EnvironmentName.of("staging"))
        .freeze()).hasValueSatisfying(f -> {
          assertThat(f.reason()).isEqualTo("load test");
          assertThat(f.holds()).isEqualTo(dev.baton.model.FreezeHolds.DEPLOY);
        });
    String shown = alice.get(frozen.header("Location")).html();
    assertThat(shown).contains("You froze the environment.").contains("(DEPLOY) by alice")
        .contains(staging + "/unfreeze").contains(staging + "/break-glass");
    Page tooLong = alice.post(staging + "/break-glass", "_csrf", alice.csrf(), "reason",
        "incident 42", "duration", "P30D");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.html()).contains("INVALID_ARGUMENT");
    alice.get(page);
    Page glass = alice.post(staging + "/break-glass", "_csrf", alice.csrf(), "reason",
        "incident 42", "duration", "PT2H");
    assertThat(glass.header("Location")).isEqualTo(page + "?done=break-glass");
    assertThat(world.baton.environments().status(ApiWorld.SHOP, EnvironmentName.of("staging"))
        .breakGlass()).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("incident 42"));
    Page forged = alice.post(staging + "/unfreeze", "_csrf", "forged");
    assertThat(forged.status()).isEqualTo(403);
    alice.get(page);
    Page lifted = alice.post(staging + "/unfreeze", "_csrf", alice.csrf());
    assertThat(lifted.header("Location")).isEqualTo(page + "?done=unfrozen");
    assertThat(world.baton.environments().status(ApiWorld.SHOP, EnvironmentName.of("staging"))
        .freeze()).isEmpty();
    ConsoleClient dave = visitor().signIn(DAVE);
    dave.get("/console/inbox");
    Page denied = dave.post(staging + "/freeze", "_csrf", dave.csrf(), "reason", "mine");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.html()).contains("PERMISSION_DENIED");
  }

  @Test
  void everyPageForbidsFramingAndForeignScripts() {
    ConsoleClient bob = visitor().signIn(BOB);
    for (String path : List.of("/console/inbox", "/console/projects/shop/history",
        "/console/projects/shop/pipeline", "/console/projects/shop/environments",
        "/console/login")) {
      Page page = bob.get(path);
      assertThat(page.header("Content-Security-Policy")).as(path)
          .contains("script-src 'self'").contains("frame-ancestors 'none'")
          .doesNotContain("unsafe");
      assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    }
    Page script = bob.get("/console/assets/htmx.min.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).startsWith("text/javascript");
    assertThat(script.html()).contains("htmx");
    assertThat(bob.get("/console/assets/console.css").status()).isEqualTo(200);
  }

  @Test
  void aPersonTheAuthenticatorFindsInTheRequestNeedsNoSignIn() {
    // a platform's proxy that authenticates people itself: its header reaches the console
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    try {
      var response = client.send(java.net.http.HttpRequest.newBuilder(
              world.server.uri().resolve("/console/inbox"))
              .header("Authorization", "Bearer " + ALICE).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("<span id=\"viewer\">alice</span>");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theTemplatesHaveNoUnescapedOutput() throws IOException, URISyntaxException {
    URL root = getClass().getResource("/dev/baton/http/console/templates/head.mustache");
    Path folder = Path.of(root.toURI()).getParent();
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> templates = files.filter(f -> f.toString().endsWith(".mustache")).toList();
      assertThat(templates).hasSizeGreaterThan(8);
      for (Path template : templates) {
        assertThat(Files.readString(template)).as(template.toString())
            .doesNotContain("{{{").doesNotContain("{{&");
      }
    }
  }
}
