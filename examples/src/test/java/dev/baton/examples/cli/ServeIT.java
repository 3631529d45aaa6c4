package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.http.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code baton serve} as a real process on the sample repository, driven over HTTP. */
class ServeIT extends CliTestBase {
  private static final String ALICE = "alice-token-0123456789";
  private static final String BOB = "bob-token-0123456789ab";
  private static final String CAROL = "carol-token-0123456789";

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String uri, String token, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheApiOnTheRepositoryUntilKilledAndCommitsLand() throws Exception {
    init();
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "# test callers\n" + ALICE + " alice@example.com\n"
        + BOB + " bob@example.com\n" + CAROL + " carol@example.com\n");
    CliProcess.Running serve = cli.start(repo, "serve", "--port", "0", "--tokens",
        tokens.toString());
    try {
      String base = servedAt(serve) + "/api/v2";
      HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(
          URI.create(base + "/inbox")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);

      HttpResponse<String> requested = send("POST", base + "/projects/shop/promotion/request",
          ALICE, "{\"source\":\"staging\",\"target\":\"production\",\"notes\":\"over http\"}");
      assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
      String id = Json.mapper().readTree(requested.body()).get("id").asText();
      send("POST", base + "/promotions/" + id + "/approve", BOB, "{\"comment\":\"ok\"}");
      HttpResponse<String> approved = send("POST", base + "/promotions/" + id + "/approve",
          CAROL, "{\"comment\":\"ship it\"}");
      JsonNode promotion = Json.mapper().readTree(approved.body());
      assertThat(promotion.get("status").asText()).as(approved.body())
          .isEqualTo("PENDING_RELEASE");
      assertThat(git("log", "-1", "--format=%B", "main").out()).contains("Promotion-Id: " + id);
      // the HTTP answer is what --json prints for the same promotion
      JsonNode shown = baton("show", id, "--json").ok().json();
      assertThat(shown.get("status").asText()).isEqualTo("PENDING_RELEASE");
      assertThat(shown.get("decisions")).isEqualTo(promotion.get("decisions"));
    } finally {
      serve.kill();
    }
  }

  @Test
  void refusesToReplaceAPipelineThatComesFromTheBranchFile() throws Exception {
    init(); // the sample repository has .baton/pipeline.yaml on main
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, ALICE + " alice@example.com\n");
    CliProcess.Running serve = cli.start(repo, "serve", "--port", "0", "--tokens",
        tokens.toString());
    try {
      String pipeline = servedAt(serve) + "/api/v2/projects/shop/promotion/pipeline";
      HttpResponse<String> got = send("GET", pipeline, ALICE, null);
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      String etag = got.headers().firstValue("ETag").orElseThrow();
      ObjectNode changed = (ObjectNode) Json.mapper().readTree(got.body());
      for (JsonNode t : changed.get("transitions")) {
        ((ObjectNode) t).put("requiredApprovals", 3);
      }

      HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(pipeline))
          .header("Authorization", "Bearer " + ALICE).header("If-Match", etag)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(changed.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(409);
      assertThat(put.headers().firstValue("Content-Type")).contains("application/problem+json");
      JsonNode problem = Json.mapper().readTree(put.body());
      assertThat(problem.get("code").asText()).isEqualTo("PIPELINE_CONFLICT");
      assertThat(problem.get("detail").asText()).contains("nothing was stored")
          .contains("Change .baton/pipeline.yaml on main instead");

      HttpResponse<String> again = send("GET", pipeline, ALICE, null);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.headers().firstValue("ETag")).contains(etag);
      assertThat(again.body()).isEqualTo(got.body());
      // the next command finds the stored pipeline as the branch's file has it: nothing to undo
      CliProcess.Result shown = baton("pipeline", "show", "--json").ok();
      assertThat(shown.err()).doesNotContain("differed");
      assertThat(shown.json().get("version").asText())
          .isEqualTo(etag.replace("\"", ""));
    } finally {
      serve.kill();
    }
  }

  @Test
  void hasHelpWithTheExitCodes() {
    assertThat(cli.baton(tmp, "serve", "--help").ok().out()).startsWith("Usage: baton serve")
        .contains("--tokens").contains("Exit codes:");
    assertThat(cli.baton(tmp, "--help").ok().out()).contains("serve");
  }

  @Test
  void aBadTokensFileIsAUsageErrorAtStartUp() throws Exception {
    init();
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "short alice\n");
    CliProcess.Result result = baton("serve", "--tokens", tokens.toString()).exits(2);
    assertThat(result.err()).contains("--tokens").contains("line 1");
  }
}
