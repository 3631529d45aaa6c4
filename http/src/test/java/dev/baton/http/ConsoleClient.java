package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's visit to the console over real HTTP: keeps the cookies the server sets, never
 * follows a redirect (tests read the 303s), and reads the CSRF token of the last page shown.
 */
final class ConsoleClient {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private String lastCsrf;

  ConsoleClient(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A page, as text. */
  record Page(int status, Map<String, List<String>> headers, String html) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).collect(Collectors.joining("\n"));
    }
  }

  Page get(String path) {
    return remember(send(HttpRequest.newBuilder(base.resolve(path)).GET()));
  }

  /** Posts a form; the fields are URL-encoded in order, as a browser sends them. */
  Page post(String path, String... namesAndValues) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.append(i == 0 ? "" : "&").append(URLEncoder.encode(namesAndValues[i],
          StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(namesAndValues[i + 1],
          StandardCharsets.UTF_8));
    }
    return remember(send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
  }

  /** Signs in with this token from the login page, as a person does. */
  ConsoleClient signIn(String token) {
    Page form = get("/console/login");
    assertThat(form.status()).as(form.html()).isEqualTo(200);
    Page done = post("/console/login", "_csrf", csrf(), "next", "/console/inbox",
        "token", token);
    assertThat(done.status()).as(done.html()).isEqualTo(303);
    assertThat(done.header("Location")).isEqualTo("/console/inbox");
    return this;
  }

  /** The CSRF token of the last page that had a form. */
  String csrf() {
    assertThat(lastCsrf).as("a page with a form was shown").isNotNull();
    return lastCsrf;
  }

  private Page remember(Page page) {
    Matcher m = CSRF.matcher(page.html());
    if (m.find()) {
      lastCsrf = m.group(1);
    }
    return page;
  }

  private Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Page(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
