package dev.baton.http.internal;

import static dev.baton.http.internal.ApiRoutes.API;

import dev.baton.Baton;
import dev.baton.EnvironmentStatus;
import dev.baton.http.json.JsonView;
import dev.baton.model.BreakGlass;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment routes: the list in pipeline order (with the folder and deploy policy the
 * pipeline gives each, freeze and break-glass), freeze, unfreeze and break-glass. Immutable and
 * thread-safe.
 */
final class EnvironmentRoutes {
  private final Baton baton;

  EnvironmentRoutes(Baton baton) {
    this.baton = baton;
  }

  void register(RoutesConfig r, Route route) {
    r.get(API + "/projects/{slug}/environments", route.handler(this::environments));
    r.put(API + "/projects/{slug}/environments/{env}/freeze", route.handler(this::freeze));
    r.delete(API + "/projects/{slug}/environments/{env}/freeze", route.handler(this::unfreeze));
    r.post(API + "/projects/{slug}/environments/{env}/break-glass",
        route.handler(this::breakGlass));
  }

  private Object environments(Context ctx, UserId caller) {
    ProjectId project = Requests.project(ctx);
    Optional<Pipeline> pipeline = baton.pipelines().find(project);
    List<EnvironmentName> environments = baton.environments().listInPipelineOrder(project);
    List<Map<String, Object>> items = new ArrayList<>();
    for (EnvironmentName env : environments) {
      EnvironmentStatus status = baton.environments().status(project, env);
      Optional<DeployPolicy> policy = pipeline.flatMap(p -> p.stage(env))
          .map(Stage::deployPolicy);
      // The engine's ports know no environment's last change: a read's revision is the
      // branch's head, not the newest commit that changed the folder, as the command line shows.
      items.add(JsonView.object("environment", env,
          "folder", pipeline.map(p -> p.folderOf(env)), "lastChange", null,
          "deployPolicy", policy, "freeze", status.freeze(), "breakGlass",
          status.breakGlass()));
    }
    return JsonView.list(items);
  }

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
    Freeze freeze = baton.environments().freeze(Requests.project(ctx), Requests.environment(ctx),
        reason, caller, until, holds);
    return freeze;
  }

  private Object unfreeze(Context ctx, UserId caller) {
    EnvironmentName env = Requests.environment(ctx);
    baton.environments().unfreeze(Requests.project(ctx), env, caller);
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
    BreakGlass session = baton.environments().breakGlass(Requests.project(ctx),
        Requests.environment(ctx), caller, reason, duration);
    return session;
  }
}
