package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Baton;
import dev.baton.model.UserId;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API mounted in a platform's own server, and the server of its own. */
class EmbeddingTest {
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(String uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void mountedInAPlatformsJavalinTheOtherRoutesAndErrorsStayThePlatforms() throws Exception {
    try (Baton baton = Baton.inMemory()) {
      Authenticator sso = headers -> headers.firstValue("X-Platform-User").map(UserId::of);
      Javalin app = Javalin.create(config -> {
        BatonHttp.routes(baton, sso).accept(config);
        config.routes.get("/health", ctx -> ctx.result("ok"));
        config.routes.get("/boom", ctx -> {
          throw new IllegalStateException("the platform's own failure");
        });
        config.routes.exception(IllegalStateException.class,
            (e, ctx) -> ctx.status(599).result("platform handler"));
        config.startup.showJavalinBanner = false;
      }).start("127.0.0.1", 0);
      try {
        String base = "http://127.0.0.1:" + app.port();
        assertThat(get(base + "/health", null).body()).isEqualTo("ok");
        assertThat(get(base + "/boom", null).statusCode()).isEqualTo(599);
        HttpResponse<String> inbox = client.send(HttpRequest.newBuilder(
            URI.create(base + "/api/v2/inbox")).header("X-Platform-User", "alice").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).isEqualTo("{\"items\":[]}");
        HttpResponse<String> anonymous = get(base + "/api/v2/inbox", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(
            URI.create(base + "/api/v2/promotions/p-1")).header("X-Platform-User", "a").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
            .contains("application/problem+json");
      } finally {
        app.stop();
      }
    }
  }

  @Test
  void aServerOfItsOwnServesTheDocumentAndMoreRouteGroups() throws Exception {
    try (Baton baton = Baton.inMemory();
        BatonServer server = BatonServer.builder(baton, headers -> Optional.empty())
            .port(0).routes(config -> config.routes.get("/console", ctx -> ctx.result("later")))
            .build().start()) {
      assertThat(server.uri().toString()).startsWith("http://127.0.0.1:");
      HttpResponse<String> doc = get(server.uri() + "/api/v2/openapi.json", null);
      assertThat(doc.statusCode()).isEqualTo(200);
      assertThat(doc.body()).contains("\"openapi\": \"3.1.0\"");
      assertThat(get(server.uri() + "/console", null).body()).isEqualTo("later");
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void theBuilderRefusesBadSettings() {
    Baton baton = Baton.inMemory();
    Authenticator none = headers -> Optional.empty();
    assertThatThrownBy(() -> BatonServer.builder(baton, none).port(70000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    assertThatThrownBy(() -> BatonServer.builder(baton, none).maxRequestBytes(10).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatonHttp.routes(baton, null))
        .isInstanceOf(NullPointerException.class);
    baton.close();
  }
}
