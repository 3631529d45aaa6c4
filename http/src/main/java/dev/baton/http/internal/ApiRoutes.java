package dev.baton.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.Baton;
import dev.baton.EnvironmentStatus;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.Authenticator;
import dev.baton.http.json.Json;
import dev.baton.http.json.JsonView;
import dev.baton.model.BreakGlass;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's routes under {@code /api/v2}, each a thin translation: authenticate, read the path,
 * query and body, call one facade verb of the engine (which checks features and permissions),
 * answer its result in the shapes of {@link JsonView}. Every failure is answered as a problem
 * detail by the route itself, so that mounting these routes into a platform's server adds no
 * global exception handler there. Thread-safe.
 */
public final class ApiRoutes {
  /** The prefix of every route. */
  public static final String API = "/api/v2";
  private static final String JSON = "application/json";

  private final Baton baton;
  private final Authenticator authenticator;
  private final String openApi;

  /**
   * Routes over this engine.
   *
   * @param baton the engine
   * @param authenticator who is calling
   */
  public ApiRoutes(Baton baton, Authenticator authenticator) {
    this.baton = baton;
    this.authenticator = authenticator;
    this.openApi = readOpenApi();
  }

  /**
   * Adds the routes to a Javalin configuration.
   *
   * @param config the configuration of the server to mount them in
   */
  public void register(JavalinConfig config) {
    var r = config.routes;
    r.get(API + "/openapi.json", ctx -> ctx.status(200).contentType(JSON).result(openApi));
    r.get(API + "/projects/{slug}/promotion/pipeline", route(this::getPipeline));
    r.put(API + "/projects/{slug}/promotion/pipeline", route(this::putPipeline));
    r.post(API + "/projects/{slug}/promotion/preview", route(this::preview));
    r.post(API + "/projects/{slug}/promotion/request", route(this::request));
    r.get(API + "/projects/{slug}/promotions", route(this::history));
    r.get(API + "/projects/{slug}/environments", route(this::environments));
    r.put(API + "/projects/{slug}/environments/{env}/freeze", route(this::freeze));
    r.delete(API + "/projects/{slug}/environments/{env}/freeze", route(this::unfreeze));
    r.post(API + "/projects/{slug}/environments/{env}/break-glass", route(this::breakGlass));
    r.get(API + "/promotions/{id}", route(this::promotion));
    r.get(API + "/promotions/{id}/preview", route(this::pinnedPreview));
    r.post(API + "/promotions/{id}/approve", route(this::approve));
    r.post(API + "/promotions/{id}/reject", route(this::reject));
    r.post(API + "/promotions/{id}/withdraw", route(this::withdraw));
    r.post(API + "/promotions/{id}/deploy", route(this::deploy));
    r.post(API + "/promotions/{id}/resume", route(this::resume));
    r.get(API + "/inbox", route(this::inbox));
  }

  /** One route's work: it may set status and headers; it returns the body to answer. */
  @FunctionalInterface
  private interface Action {
    Object run(Context ctx, UserId caller);
  }

  private Handler route(Action action) {
    return ctx -> {
      try {
        Optional<UserId> caller = authenticator.authenticate(headers(ctx));
        if (caller.isEmpty()) {
          boolean sent = ctx.header("Authorization") != null;
          ctx.header("WWW-Authenticate", sent
              ? "Bearer realm=\"baton\", error=\"invalid_token\"" : "Bearer realm=\"baton\"");
          throw new HttpProblem(401, "UNAUTHENTICATED", sent
              ? "the credentials were not accepted (Authorization: Bearer TOKEN, a known token)"
              : "this route needs credentials: Authorization: Bearer TOKEN");
        }
        ctx.status(200);
        Object body = action.run(ctx, caller.get());
        ctx.contentType(JSON).result(Json.line(body));
      } catch (RuntimeException e) {
        Problems.Answer answer = Problems.of(e, ctx.path());
        ctx.status(answer.status()).contentType(Problems.MEDIA_TYPE).result(answer.body());
      }
    };
  }

  private static HttpHeaders headers(Context ctx) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      map.put(name, Collections.list(ctx.req().getHeaders(name)));
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }

  // --- pipeline

  private Object getPipeline(Context ctx, UserId caller) {
    Pipeline pipeline = baton.pipelines().get(project(ctx));
    ctx.header("ETag", etag(pipeline.version()));
    return pipelineJson(pipeline);
  }

  private Object putPipeline(Context ctx, UserId caller) {
    ProjectId project = project(ctx);
    String ifMatch = ctx.header("If-Match");
    String ifNoneMatch = ctx.header("If-None-Match");
    String document = pipelineDocument(ctx, project);
    Optional<Pipeline> current = baton.pipelines().find(project);
    if (ifMatch == null && !"*".equals(ifNoneMatch == null ? null : ifNoneMatch.strip())) {
      throw new HttpProblem(428, "PRECONDITION_REQUIRED", "replacing the pipeline needs"
          + " If-Match with its version (the ETag of GET), or If-None-Match: * to create it"
          + current.map(p -> "; the current version is " + etag(p.version())).orElse(""));
    }
    long expected;
    if (ifMatch != null) {
      if (current.isEmpty() || !matches(ifMatch, current.get().version())) {
        throw new HttpProblem(412, "PRECONDITION_FAILED", current
            .map(p -> "the pipeline of " + project + " is at version " + etag(p.version())
                + ", not " + ifMatch.strip() + ": read it again and reapply your change")
            .orElse("project " + project + " has no pipeline yet: create it with"
                + " If-None-Match: *"));
      }
      expected = current.get().version();
    } else if (current.isPresent()) {
      throw new HttpProblem(412, "PRECONDITION_FAILED", "the pipeline of " + project
          + " exists (version " + etag(current.get().version()) + "): replace it with"
          + " If-Match");
    } else {
      expected = 0;
    }
    // The version checked above is the one the store's compare-and-set expects, so a write by
    // anyone else in between (another server, the command line) is refused, not overwritten.
    Pipeline stored;
    try {
      stored = baton.pipelines().replaceFromYamlIfVersion(project, document, expected, caller);
    } catch (BatonException e) {
      if (e.code() != ErrorCode.PIPELINE_VERSION_MISMATCH) {
        throw e;
      }
      throw new HttpProblem(412, "PRECONDITION_FAILED", e.getMessage());
    }
    ctx.header("ETag", etag(stored.version()));
    return pipelineJson(stored);
  }

  private static ObjectNode pipelineJson(Pipeline pipeline) {
    return JsonView.pipeline(pipeline, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** Whether an If-Match header (a list of entity tags, or *) names this version. */
  static boolean matches(String header, long version) {
    for (String tag : header.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag(version)) || t.equals(Long.toString(version))) {
        return true; // a weak tag (W/"3") never matches: If-Match compares strongly
      }
    }
    return false;
  }

  /**
   * The pipeline document to parse: YAML as the pipeline file has it, or JSON in the same keys;
   * the JSON that GET answers is accepted too (its {@code version} and {@code source} are
   * dropped, and null values read as absent).
   */
  private static String pipelineDocument(Context ctx, ProjectId project) {
    String text = ctx.body();
    if (text == null || text.isBlank()) {
      throw Body.invalid("the request needs the pipeline document as its body", List.of());
    }
    String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("yaml")) {
      return text;
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw Body.invalid("the body is not JSON: " + e.getOriginalMessage()
          + " (send YAML with Content-Type: application/yaml)", List.of());
    }
    if (tree == null || !tree.isObject()) {
      throw Body.invalid("the pipeline is a JSON object", List.of());
    }
    ObjectNode object = (ObjectNode) tree;
    object.remove("version");
    object.remove("source");
    dropNulls(object);
    if (!object.has("project")) {
      object.put("project", project.value());
    }
    return Json.line(object);
  }

  private static void dropNulls(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          it.remove();
        } else {
          dropNulls(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(ApiRoutes::dropNulls);
    }
  }

  // --- preview and request

  private Object preview(Context ctx, UserId caller) {
    Body body = Body.parse(ctx.body(), false, Set.of("source", "target"));
    EnvironmentName source = environment(body, "source");
    EnvironmentName target = environment(body, "target");
    body.done();
    return JsonView.preview(baton.previews().preview(project(ctx), source, target));
  }

  private Object request(Context ctx, UserId caller) {
    ProjectId project = project(ctx);
    Body body = Body.parse(ctx.body(), false, Set.of("source", "target", "notes", "rollback"));
    EnvironmentName source = environment(body, "source");
    EnvironmentName target = environment(body, "target");
    String notes = body.optionalText("notes").orElse("");
    boolean rollback = body.flag("rollback");
    body.done();
    Optional<String> key = Optional.ofNullable(ctx.header("Idempotency-Key")).map(String::strip);
    PromotionRequest request = new PromotionRequest(project, source, target, caller, notes,
        key);
    if (rollback) {
      request = request.asRollback();
    }
    Promotion p = baton.promotions().request(request);
    if (key.isPresent() && (!p.notes().equals(notes) || p.rollback() != rollback
        || !p.project().equals(project))) {
      // the engine matches a key on source, target and requester; the body is more than that
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "Idempotency-Key '" + key.get()
          + "' was used for promotion " + p.id() + " with another body; a key names one"
          + " request");
    }
    ctx.status(201).header("Location", API + "/promotions/" + p.id());
    return p;
  }

  // --- reads

  private Object history(Context ctx, UserId caller) {
    PromotionQuery query = HistoryParams.parse(project(ctx), ctx::queryParams);
    return JsonView.page(baton.promotions().history(query));
  }

  private Object promotion(Context ctx, UserId caller) {
    return baton.promotions().get(promotionId(ctx));
  }

  private Object pinnedPreview(Context ctx, UserId caller) {
    return JsonView.preview(baton.previews().of(promotionId(ctx)));
  }

  private Object inbox(Context ctx, UserId caller) {
    return JsonView.list(baton.promotions().inbox(caller));
  }

  private Object environments(Context ctx, UserId caller) {
    ProjectId project = project(ctx);
    Optional<Pipeline> pipeline = baton.pipelines().find(project);
    List<EnvironmentName> environments = baton.environments().listInPipelineOrder(project);
    List<Map<String, Object>> items = new ArrayList<>();
    for (EnvironmentName env : environments) {
      EnvironmentStatus status = baton.environments().status(project, env);
      Optional<DeployPolicy> policy = pipeline.flatMap(p -> p.stage(env))
          .map(Stage::deployPolicy);
      // folder and lastChange are the command line's, read from its Git checkout
      items.add(JsonView.object("environment", env, "folder", null, "lastChange", null,
          "deployPolicy", policy, "freeze", status.freeze(), "breakGlass",
          status.breakGlass()));
    }
    return JsonView.list(items);
  }

  // --- verbs on a promotion

  private Object approve(Context ctx, UserId caller) {
    String comment = comment(ctx, false);
    return baton.promotions().approve(promotionId(ctx), caller, comment);
  }

  private Object reject(Context ctx, UserId caller) {
    String comment = comment(ctx, true);
    return baton.promotions().reject(promotionId(ctx), caller, comment);
  }

  private Object withdraw(Context ctx, UserId caller) {
    String comment = comment(ctx, false);
    return baton.promotions().withdraw(promotionId(ctx), caller, comment);
  }

  private Object deploy(Context ctx, UserId caller) {
    Body.parse(ctx.body(), true, Set.of()).done();
    return baton.promotions().deploy(promotionId(ctx), caller);
  }

  private Object resume(Context ctx, UserId caller) {
    Body.parse(ctx.body(), true, Set.of()).done();
    return baton.promotions().resume(promotionId(ctx), caller);
  }

  private static String comment(Context ctx, boolean required) {
    Body body = Body.parse(ctx.body(), !required, Set.of("comment"));
    String comment = required ? body.text("comment") : body.optionalText("comment").orElse("");
    if (required && comment != null && comment.isBlank()) {
      body.problem("'comment' says why: it may not be blank");
    }
    body.done();
    return comment;
  }

  // --- environments

  private Object freeze(Context ctx, UserId caller) {
    Body body = Body.parse(ctx.body(), false, Set.of("reason", "until", "holds"));
    String reason = body.text("reason");
    Optional<Instant> until = body.optionalText("until").flatMap(text -> {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeException e) {
        body.problem("'until' is an instant such as 2026-12-27T08:00:00Z, not '" + text + "'");
        return Optional.empty();
      }
    });
    FreezeHolds holds = body.optionalText("holds").map(text -> {
      try {
        return FreezeHolds.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        body.problem("'holds' is WRITE_AND_DEPLOY or DEPLOY, not '" + text + "'");
        return FreezeHolds.WRITE_AND_DEPLOY;
      }
    }).orElse(FreezeHolds.WRITE_AND_DEPLOY);
    body.done();
    Freeze freeze = baton.environments().freeze(project(ctx), environmentPath(ctx), reason,
        caller, until, holds);
    return freeze;
  }

  private Object unfreeze(Context ctx, UserId caller) {
    EnvironmentName env = environmentPath(ctx);
    baton.environments().unfreeze(project(ctx), env, caller);
    return JsonView.object("environment", env, "frozen", false);
  }

  private Object breakGlass(Context ctx, UserId caller) {
    Body body = Body.parse(ctx.body(), false, Set.of("reason", "duration"));
    String reason = body.text("reason");
    Duration duration = Optional.ofNullable(body.text("duration")).map(text -> {
      try {
        return Duration.parse(text);
      } catch (DateTimeException e) {
        body.problem("'duration' is an ISO-8601 duration such as PT2H, not '" + text + "'");
        return null;
      }
    }).orElse(null);
    body.done();
    BreakGlass session = baton.environments().breakGlass(project(ctx), environmentPath(ctx),
        caller, reason, duration);
    return session;
  }

  // --- path and body values

  private static ProjectId project(Context ctx) {
    return ProjectId.of(ctx.pathParam("slug"));
  }

  private static EnvironmentName environmentPath(Context ctx) {
    return EnvironmentName.of(ctx.pathParam("env"));
  }

  private static PromotionId promotionId(Context ctx) {
    return PromotionId.of(ctx.pathParam("id"));
  }

  private static EnvironmentName environment(Body body, String key) {
    String text = body.text(key);
    if (text == null) {
      return null;
    }
    try {
      return EnvironmentName.of(text);
    } catch (BatonException e) {
      body.problem("'" + key + "': " + e.getMessage());
      return null;
    }
  }

  private static String readOpenApi() {
    try (InputStream in = ApiRoutes.class.getResourceAsStream("/dev/baton/http/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
