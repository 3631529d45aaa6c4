package dev.baton.http;

import static dev.baton.http.ApiWorld.ALICE;
import static dev.baton.http.ApiWorld.BOB;
import static dev.baton.http.ApiWorld.CAROL;
import static dev.baton.http.ApiWorld.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.http.ApiWorld.Answer;
import dev.baton.http.json.Json;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every route over real HTTP on loopback, with its refusals; answers checked by OpenAPI. */
class ApiTest {
  private static final String PIPELINE = "/api/v2/projects/{slug}/promotion/pipeline";
  private static final String PREVIEW = "/api/v2/projects/{slug}/promotion/preview";
  private static final String REQUEST = "/api/v2/projects/{slug}/promotion/request";
  private static final String HISTORY = "/api/v2/projects/{slug}/promotions";
  private static final String ENVS = "/api/v2/projects/{slug}/environments";
  private static final String FREEZE = "/api/v2/projects/{slug}/environments/{env}/freeze";
  private static final String GLASS = "/api/v2/projects/{slug}/environments/{env}/break-glass";
  private static final String ONE = "/api/v2/promotions/{id}";
  private static final String INBOX = "/api/v2/inbox";

  private ApiWorld world;

  @BeforeEach
  void start() {
    world = new ApiWorld();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private Answer verb(String id, String verb, String token, String body) {
    return world.post(ONE + "/" + verb, "/api/v2/promotions/" + id + "/" + verb, token, body);
  }

  private Answer put(String template, String path, String token, String body,
      Map<String, String> headers) {
    return world.send("PUT", template, path, token, body, headers);
  }

  private static Answer put(ApiWorld in, String path, String token, String body,
      Map<String, String> headers) {
    return in.send("PUT", PIPELINE, path, token, body, headers);
  }

  @Test
  void thePipelineIsReadWithItsVersionAndReplacedByCompareAndSet() {
    Answer got = world.get(PIPELINE, "/api/v2/projects/shop/promotion/pipeline", ALICE);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("ETag")).contains("\"1\"");
    assertThat(got.json().get("version").asLong()).isEqualTo(1);
    ObjectNode changed = got.json().deepCopy();
    ((ObjectNode) changed.get("transitions").get(1)).put("requiredApprovals", 1);
    String path = "/api/v2/projects/shop/promotion/pipeline";

    Answer noPrecondition = put(PIPELINE, path, ALICE, changed.toString(), Map.of());
    assertThat(noPrecondition.status()).isEqualTo(428);
    assertThat(noPrecondition.code()).isEqualTo("PRECONDITION_REQUIRED");
    Answer stale = put(PIPELINE, path, ALICE, changed.toString(), Map.of("If-Match", "\"7\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
    assertThat(stale.json().get("detail").asText()).contains("version \"1\"");

    Answer replaced = put(PIPELINE, path, ALICE, changed.toString(),
        Map.of("If-Match", "\"1\""));
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    assertThat(replaced.header("ETag")).contains("\"2\"");
    assertThat(replaced.json().get("transitions").get(1).get("requiredApprovals").asInt())
        .isEqualTo(1);
    assertThat(world.baton.pipelines().get(ApiWorld.SHOP).version()).isEqualTo(2);

    // a second writer who read version 1 loses, and nothing is stored
    Answer lost = put(PIPELINE, path, BOB, got.json().toString(), Map.of("If-Match", "\"1\""));
    assertThat(lost.status()).isEqualTo(412);
    assertThat(world.baton.pipelines().get(ApiWorld.SHOP).version()).isEqualTo(2);
    Answer weak = put(PIPELINE, path, BOB, got.json().toString(), Map.of("If-Match", "W/\"2\""));
    assertThat(weak.status()).as("If-Match compares strongly").isEqualTo(412);
    Answer exists = put(PIPELINE, path, BOB, got.json().toString(),
        Map.of("If-None-Match", "*"));
    assertThat(exists.status()).isEqualTo(412);

    String yaml = "stages:\n  - environment: dev\n  - environment: staging\n"
        + "transitions:\n  - from: dev\n    to: staging\n    requiredApprovals: 1\n";
    Answer fromYaml = put(PIPELINE, path, ALICE, yaml,
        Map.of("If-Match", "\"2\"", "Content-Type", "application/yaml"));
    assertThat(fromYaml.status()).as(fromYaml.text()).isEqualTo(200);
    assertThat(fromYaml.json().get("stages")).hasSize(2);
  }

  @Test
  void aPipelineIsCreatedWithIfNoneMatchAndABadOneIsRefusedWithEveryProblem() {
    world.environments.seed(dev.baton.model.ProjectId.of("web"), EnvironmentName.of("dev"),
        Map.of("values.yaml", "image:\n  tag: \"1\"\n"));
    world.environments.seed(dev.baton.model.ProjectId.of("web"), EnvironmentName.of("qa"),
        Map.of("values.yaml", "image:\n  tag: \"1\"\n"));
    String path = "/api/v2/projects/web/promotion/pipeline";
    Answer missing = world.get(PIPELINE, path, ALICE);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("PIPELINE_NOT_FOUND");
    String body = "{\"stages\":[{\"environment\":\"dev\"},{\"environment\":\"qa\"}],"
        + "\"transitions\":[{\"from\":\"dev\",\"to\":\"qa\",\"requiredApprovals\":0}]}";
    Answer ifMatchOnNothing = put(PIPELINE, path, ALICE, body, Map.of("If-Match", "\"1\""));
    assertThat(ifMatchOnNothing.status()).isEqualTo(412);
    Answer created = put(PIPELINE, path, ALICE, body, Map.of("If-None-Match", "*"));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.json().get("version").asLong()).isEqualTo(1);

    String bad = "{\"stages\":[{\"environment\":\"dev\"},{\"environment\":\"qa\"}],"
        + "\"transitions\":[{\"from\":\"dev\",\"to\":\"qa\",\"requiredApprovals\":0},"
        + "{\"from\":\"qa\",\"to\":\"dev\",\"requiredApprovals\":0},"
        + "{\"from\":\"qa\",\"to\":\"nowhere\",\"requiredApprovals\":0}]}";
    Answer refused = put(PIPELINE, path, ALICE, bad, Map.of("If-Match", "\"1\""));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("INVALID_PIPELINE");
    assertThat(refused.json().get("problems").size()).isGreaterThanOrEqualTo(2);
    assertThat(refused.header("Content-Type")).contains("application/problem+json");
    Answer notJson = put(PIPELINE, path, ALICE, "{oops", Map.of("If-Match", "\"1\""));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.code()).isEqualTo("INVALID_ARGUMENT");
    Answer denied = put(PIPELINE, path, DAVE, body, Map.of("If-Match", "\"1\""));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void readOnlyPipelinesAreReadButAReplacementIsRefusedWithAConflict() {
    try (ApiWorld fromFile = new ApiWorld(".baton/pipeline.yaml on main")) {
      String path = "/api/v2/projects/shop/promotion/pipeline";
      Answer got = fromFile.get(PIPELINE, path, ALICE);
      assertThat(got.status()).isEqualTo(200);
      assertThat(got.header("ETag")).contains("\"1\"");
      ObjectNode changed = got.json().deepCopy();
      ((ObjectNode) changed.get("transitions").get(1)).put("requiredApprovals", 1);

      Answer refused = put(fromFile, path, ALICE, changed.toString(),
          Map.of("If-Match", "\"1\""));
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.code()).isEqualTo("PIPELINE_CONFLICT");
      assertThat(refused.json().get("detail").asText()).contains("nothing was stored")
          .contains("Change .baton/pipeline.yaml on main instead");
      assertThat(put(fromFile, path, ALICE, changed.toString(), Map.of("If-None-Match", "*"))
          .code()).as("whatever the preconditions").isEqualTo("PIPELINE_CONFLICT");
      assertThat(fromFile.baton.pipelines().get(ApiWorld.SHOP).version()).isEqualTo(1);
      assertThat(put(fromFile, path, null, changed.toString(), Map.of("If-Match", "\"1\""))
          .status()).as("who is calling comes first").isEqualTo(401);
    }
    BatonServer.Builder blank = BatonServer.builder(world.baton, headers -> Optional.empty())
        .readOnlyPipelines(" ");
    assertThatIllegalArgumentException().isThrownBy(blank::build);
  }

  @Test
  void previewAndRequestTakeTheDocumentedBodies() {
    Answer preview = world.post(PREVIEW, "/api/v2/projects/shop/promotion/preview", ALICE,
        "{\"source\":\"staging\",\"target\":\"production\"}");
    assertThat(preview.status()).as(preview.text()).isEqualTo(200);
    assertThat(preview.json().get("summary").get("total").asInt()).isPositive();
    assertThat(preview.json().toString()).contains("1.3.0").contains("1.2.0");

    Answer auto = world.post(REQUEST, "/api/v2/projects/shop/promotion/request", ALICE,
        "{\"source\":\"dev\",\"target\":\"staging\",\"notes\":\"1.4.0\"}");
    assertThat(auto.status()).isEqualTo(201);
    String id = auto.json().get("id").asText();
    assertThat(auto.header("Location")).contains("/api/v2/promotions/" + id);
    assertThat(auto.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(auto.json().get("requester").asText()).isEqualTo("alice");
    // the same bytes as the command line's --json prints for this promotion
    assertThat(auto.text()).isEqualTo(Json.line(world.baton.promotions().get(PromotionId.of(id))));

    Answer wrongWay = world.post(REQUEST, "/api/v2/projects/shop/promotion/request", ALICE,
        "{\"source\":\"dev\",\"target\":\"production\"}");
    assertThat(wrongWay.status()).isEqualTo(400);
    assertThat(wrongWay.code()).isEqualTo("INVALID_STAGE_TRANSITION");
    Answer twoProblems = world.post(REQUEST, "/api/v2/projects/shop/promotion/request", ALICE,
        "{\"target\":\"production\",\"note\":\"typo\"}");
    assertThat(twoProblems.status()).isEqualTo(400);
    assertThat(twoProblems.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(twoProblems.json().get("problems")).hasSize(2);
    Answer notAnObject = world.post(PREVIEW, "/api/v2/projects/shop/promotion/preview", ALICE,
        "[1]");
    assertThat(notAnObject.status()).isEqualTo(400);
    Answer denied = world.post(REQUEST, "/api/v2/projects/shop/promotion/request", DAVE,
        "{\"source\":\"staging\",\"target\":\"production\"}");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void theSameIdempotencyKeyAndBodyAnswerTheSamePromotion() {
    String path = "/api/v2/projects/shop/promotion/request";
    String body = "{\"source\":\"staging\",\"target\":\"production\",\"notes\":\"once\"}";
    Map<String, String> key = Map.of("Idempotency-Key", "deploy-42");
    Answer first = world.send("POST", REQUEST, path, ALICE, body, key);
    Answer again = world.send("POST", REQUEST, path, ALICE, body, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
    assertThat(again.json().get("idempotencyKey").asText()).isEqualTo("deploy-42");
    assertThat(world.baton.promotions().history(dev.baton.model.PromotionQuery.of(ApiWorld.SHOP))
        .total()).isEqualTo(1);

    Answer otherNotes = world.send("POST", REQUEST, path, ALICE,
        "{\"source\":\"staging\",\"target\":\"production\",\"notes\":\"twice\"}", key);
    assertThat(otherNotes.status()).isEqualTo(400);
    assertThat(otherNotes.code()).isEqualTo("INVALID_ARGUMENT");
    Answer otherMove = world.send("POST", REQUEST, path, ALICE,
        "{\"source\":\"dev\",\"target\":\"staging\",\"notes\":\"once\"}", key);
    assertThat(otherMove.status()).isEqualTo(400);
    Answer noKey = world.send("POST", REQUEST, path, ALICE, body, Map.of());
    assertThat(noKey.json().get("id")).isNotEqualTo(first.json().get("id"));
  }

  @Test
  void approvalsMeetTheQuorumThenAManualDeployCompletes() {
    String id = world.requestToProduction("1.3.0 to production");
    Answer bob = verb(id, "approve", BOB, "{\"comment\":\"checked the preview\"}");
    assertThat(bob.status()).isEqualTo(200);
    assertThat(bob.json().get("status").asText()).isEqualTo("PENDING_APPROVAL");
    assertThat(bob.json().get("decisions").get(0).get("comment").asText())
        .isEqualTo("checked the preview");
    Answer twice = verb(id, "approve", BOB, "{\"comment\":\"again\"}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.code()).isEqualTo("ALREADY_APPROVED");
    Answer own = verb(id, "approve", ALICE, null);
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.code()).isEqualTo("PERMISSION_DENIED");
    Answer noRight = verb(id, "approve", DAVE, "{}");
    assertThat(noRight.status()).isEqualTo(403);

    Answer carol = verb(id, "approve", CAROL, null);
    assertThat(carol.json().get("status").asText()).isEqualTo("PENDING_RELEASE");
    Answer deployed = verb(id, "deploy", CAROL, null);
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(200);
    assertThat(deployed.json().get("status").asText()).isEqualTo("COMPLETED");
    Answer done = verb(id, "reject", BOB, "{\"comment\":\"too late\"}");
    assertThat(done.status()).isEqualTo(409);
    assertThat(done.code()).isEqualTo("ILLEGAL_STATE");
  }

  @Test
  void rejectNeedsAReasonAndWithdrawIsTheRequesters() {
    String rejected = world.requestToProduction("no");
    Answer noComment = verb(rejected, "reject", BOB, "{}");
    assertThat(noComment.status()).isEqualTo(400);
    assertThat(noComment.code()).isEqualTo("INVALID_ARGUMENT");
    Answer no = verb(rejected, "reject", BOB, "{\"comment\":\"not this week\"}");
    assertThat(no.status()).isEqualTo(200);
    assertThat(no.json().get("status").asText()).isEqualTo("REJECTED");

    String withdrawn = world.requestToProduction("oops");
    Answer notYours = verb(withdrawn, "withdraw", BOB, null);
    assertThat(notYours.status()).isEqualTo(403);
    Answer mine = verb(withdrawn, "withdraw", ALICE, "{\"comment\":\"wrong version\"}");
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().get("decisions").get(0).get("kind").asText()).isEqualTo("WITHDRAW");
    Answer unknown = verb("p-nope", "approve", BOB, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("PROMOTION_NOT_FOUND");
    Answer body = verb(withdrawn, "deploy", BOB, "{\"force\":true}");
    assertThat(body.status()).isEqualTo(400);
  }

  @Test
  void freezesHoldTheWriteUntilResumedAndTheDeployUntilTheGlassIsBroken() {
    String env = "/api/v2/projects/shop/environments/production";
    Answer freeze = put(FREEZE, env + "/freeze", ALICE, "{\"reason\":\"year-end\"}", Map.of());
    assertThat(freeze.status()).as(freeze.text()).isEqualTo(200);
    assertThat(freeze.json().get("holds").asText()).isEqualTo("WRITE_AND_DEPLOY");
    String id = world.requestToProduction("held");
    verb(id, "approve", BOB, null);
    Answer held = verb(id, "approve", CAROL, null);
    assertThat(held.json().get("status").asText()).isEqualTo("PENDING_APPROVAL");
    Answer list = world.get(ENVS, "/api/v2/projects/shop/environments", BOB);
    assertThat(list.json().get("items").get(2).get("freeze").get("reason").asText())
        .isEqualTo("year-end");

    Answer lifted = world.send("DELETE", FREEZE, env + "/freeze", ALICE, null, Map.of());
    assertThat(lifted.status()).isEqualTo(200);
    assertThat(lifted.json().get("frozen").asBoolean()).isFalse();
    Answer deployOnly = put(FREEZE, env + "/freeze", ALICE,
        "{\"reason\":\"deploys only\",\"holds\":\"DEPLOY\",\"until\":\"2999-01-01T00:00:00Z\"}",
        Map.of());
    assertThat(deployOnly.status()).isEqualTo(200);
    Answer resumed = verb(id, "resume", BOB, null);
    assertThat(resumed.status()).as(resumed.text()).isEqualTo(200);
    assertThat(resumed.json().get("status").asText()).isEqualTo("PENDING_RELEASE");
    Answer frozen = verb(id, "deploy", BOB, null);
    assertThat(frozen.status()).isEqualTo(423);
    assertThat(frozen.code()).isEqualTo("ENVIRONMENT_FROZEN");

    Answer glass = world.post(GLASS, env + "/break-glass", CAROL,
        "{\"reason\":\"hotfix\",\"duration\":\"PT1H\"}");
    assertThat(glass.status()).as(glass.text()).isEqualTo(200);
    Answer deployed = verb(id, "deploy", BOB, null);
    assertThat(deployed.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(deployed.json().get("breakGlass").get("reason").asText()).isEqualTo("hotfix");

    Answer tooLong = world.post(GLASS, env + "/break-glass", CAROL,
        "{\"reason\":\"hotfix\",\"duration\":\"P8D\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    Answer badBody = put(FREEZE, env + "/freeze", ALICE,
        "{\"reason\":\"x\",\"holds\":\"everything\",\"until\":\"soon\"}", Map.of());
    assertThat(badBody.status()).isEqualTo(400);
    assertThat(badBody.json().get("problems")).hasSize(2);
    Answer denied = put(FREEZE, env + "/freeze", DAVE, "{\"reason\":\"mine\"}", Map.of());
    assertThat(denied.status()).isEqualTo(403);
  }

  @Test
  void environmentsNameTheFolderThePipelinePlacesThemIn() {
    Answer shop = world.get(ENVS, "/api/v2/projects/shop/environments", BOB);
    assertThat(shop.status()).isEqualTo(200);
    assertThat(shop.json().get("items")).extracting(item -> item.get("folder").asText())
        .containsExactly("envs/dev", "envs/staging", "envs/production");
    assertThat(shop.json().get("items")).allSatisfy(item ->
        assertThat(item.get("lastChange").isNull()).as("the engine knows no last change").isTrue());

    ProjectId web = ProjectId.of("web");
    world.environments.seed(web, EnvironmentName.of("dev"), Map.of("values.yaml", "a: 1\n"));
    world.environments.seed(web, EnvironmentName.of("qa"), Map.of("values.yaml", "a: 1\n"));
    Answer noPipeline = world.get(ENVS, "/api/v2/projects/web/environments", BOB);
    assertThat(noPipeline.json().get("items")).hasSize(2).allSatisfy(item ->
        assertThat(item.get("folder").isNull()).as("no pipeline, no folder").isTrue());
    world.baton.pipelines().replace(Pipeline.builder(web).layout("overlays/{environment}")
        .stage("dev").stage(Stage.of("qa").withPath("clusters/qa-eu"))
        .transition("dev", "qa", 0).build(), UserId.of("platform"));
    Answer placed = world.get(ENVS, "/api/v2/projects/web/environments", BOB);
    assertThat(placed.json().get("items")).extracting(item -> item.get("folder").asText())
        .containsExactly("overlays/dev", "clusters/qa-eu");
  }

  @Test
  void historyFiltersAndPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(world.requestToProduction("n" + i));
    }
    verb(ids.get(0), "reject", BOB, "{\"comment\":\"no\"}");
    String path = "/api/v2/projects/shop/promotions";
    Answer first = world.get(HISTORY, path + "?limit=2", BOB);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("items")).hasSize(2);
    assertThat(first.json().get("total").asLong()).isEqualTo(5);
    assertThat(first.json().get("nextOffset").asInt()).isEqualTo(2);
    Answer last = world.get(HISTORY, path + "?limit=2&offset=4", BOB);
    assertThat(last.json().get("items")).hasSize(1);
    assertThat(last.json().get("nextOffset").isNull()).isTrue();
    Answer rejected = world.get(HISTORY, path + "?status=rejected", BOB);
    assertThat(rejected.json().get("total").asLong()).isEqualTo(1);
    assertThat(rejected.json().get("items").get(0).get("id").asText()).isEqualTo(ids.get(0));
    Answer pending = world.get(HISTORY,
        path + "?status=PENDING_APPROVAL&status=COMPLETED&env=production&requester=alice", BOB);
    assertThat(pending.json().get("total").asLong()).isEqualTo(4);
    assertThat(world.get(HISTORY, path + "?requester=bob", BOB).json().get("total").asLong())
        .isZero();
    assertThat(world.get(HISTORY, path + "?since=2999-01-01", BOB).json().get("total")
        .asLong()).isZero();
    assertThat(world.get(HISTORY, path + "?until=2999-01-01T00:00:00Z", BOB).json()
        .get("total").asLong()).isEqualTo(5);

    Answer badLimit = world.get(HISTORY, path + "?limit=0", BOB);
    assertThat(badLimit.status()).isEqualTo(400);
    Answer bad = world.get(HISTORY, path + "?limit=many&since=yesterday", BOB);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("problems")).hasSize(2);
  }

  @Test
  void oneGetShowsAPromotionAndItsPinnedPreviewAndTheInboxWhatICanApprove() {
    String id = world.requestToProduction("look");
    Answer one = world.get(ONE, "/api/v2/promotions/" + id, DAVE);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("notes").asText()).isEqualTo("look");
    Answer pinned = world.get(ONE + "/preview", "/api/v2/promotions/" + id + "/preview", BOB);
    assertThat(pinned.status()).as(pinned.text()).isEqualTo(200);
    assertThat(pinned.json().get("sourceRevision").asText())
        .isEqualTo(one.json().get("sourceRevision").asText());
    Answer unknown = world.get(ONE, "/api/v2/promotions/p-unknown", BOB);
    assertThat(unknown.status()).isEqualTo(404);
    Answer unknownPreview = world.get(ONE + "/preview", "/api/v2/promotions/p-x/preview", BOB);
    assertThat(unknownPreview.status()).isEqualTo(404);

    Answer bobs = world.get(INBOX, "/api/v2/inbox", BOB);
    assertThat(bobs.json().get("items")).hasSize(1);
    assertThat(bobs.json().get("items").get(0).get("approvalsMissing").asInt()).isEqualTo(2);
    assertThat(world.get(INBOX, "/api/v2/inbox", ALICE).json().get("items")).isEmpty();
    assertThat(world.get(INBOX, "/api/v2/inbox", DAVE).json().get("items")).isEmpty();
  }

  @Test
  void everyErrorFamilyIsAProblemDetail() {
    Answer feature = world.get(HISTORY, "/api/v2/projects/free/promotions", ALICE);
    assertThat(feature.status()).isEqualTo(403);
    assertThat(feature.code()).isEqualTo("FEATURE_NOT_AVAILABLE");
    Answer backend = world.get(ENVS, "/api/v2/projects/broken/environments", ALICE);
    assertThat(backend.status()).isEqualTo(503);
    assertThat(backend.code()).isEqualTo("BACKEND_FAILURE");
    Answer badSlug = world.get(PIPELINE, "/api/v2/projects/-bad-/promotion/pipeline", ALICE);
    assertThat(badSlug.status()).isEqualTo(400);
    Answer tooLarge = world.post(REQUEST, "/api/v2/projects/shop/promotion/request", ALICE,
        "{\"source\":\"staging\",\"target\":\"production\",\"notes\":\"" + "x".repeat(70_000)
            + "\"}");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.code()).isEqualTo("DOCUMENT_TOO_LARGE");
    JsonNode problem = feature.json();
    assertThat(problem.get("type").asText()).endsWith("/feature-not-available");
    assertThat(problem.get("title").asText()).isEqualTo("Feature not available");
    assertThat(problem.get("instance").asText()).isEqualTo("/api/v2/projects/free/promotions");
  }

  @Test
  void missingUnknownAndMalformedCredentialsAre401WithABearerChallenge() {
    Answer missing = world.get(INBOX, "/api/v2/inbox", null);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.code()).isEqualTo("UNAUTHENTICATED");
    assertThat(missing.header("WWW-Authenticate")).contains("Bearer realm=\"baton\"");
    Answer unknown = world.get(INBOX, "/api/v2/inbox", "not-a-known-token-at-all");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.header("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    for (String header : List.of("Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer short",
        "Bearer " + ALICE + " extra", ALICE)) {
      Answer malformed = world.send("GET", INBOX, "/api/v2/inbox", null, null,
          Map.of("Authorization", header));
      assertThat(malformed.status()).as(header).isEqualTo(401);
    }
    Answer lowerCase = world.send("GET", INBOX, "/api/v2/inbox", null, null,
        Map.of("Authorization", "bearer " + ALICE));
    assertThat(lowerCase.status()).as("the scheme is case-insensitive").isEqualTo(200);
    Answer write = world.post(REQUEST, "/api/v2/projects/shop/promotion/request", null,
        "{\"source\":\"staging\",\"target\":\"production\"}");
    assertThat(write.status()).isEqualTo(401);
    assertThat(world.baton.promotions().history(dev.baton.model.PromotionQuery.of(ApiWorld.SHOP))
        .total()).isZero();
  }

  @Test
  void aFailingAuthenticatorIs500WithoutItsInternals() {
    try (BatonServer failing = BatonServer.builder(world.baton, headers -> {
      throw new IllegalStateException("secret internals");
    }).port(0).build().start()) {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
          .send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(failing.uri() + "/api/v2/inbox")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).contains("\"code\":\"FAILURE\"")
          .doesNotContain("secret internals");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void everyDocumentedOperationWasAnsweredAndChecked() {
    try (ApiWorld w = new ApiWorld()) {
      TreeSet<String> missing = new TreeSet<>(w.operations());
      synchronized (ApiWorld.ANSWERED) {
        ApiWorld.ANSWERED.forEach(a -> missing.remove(a.substring(0, a.lastIndexOf(' '))));
      }
      assertThat(missing).as("operations no test answered").isEmpty();
    }
  }
}
