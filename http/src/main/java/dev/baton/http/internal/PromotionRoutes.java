package dev.baton.http.internal;

import static dev.baton.http.internal.ApiRoutes.API;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.JsonView;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.UserId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * The promotion routes: preview source → target, request (once per {@code Idempotency-Key}),
 * the history with its filters ({@link HistoryParams}), one promotion and its pinned preview,
 * the verbs on a promotion (approve, reject, withdraw, deploy, resume) and the caller's inbox.
 * The caller is always the requester, approver or deployer: no body names a user. Immutable and
 * thread-safe.
 */
final class PromotionRoutes {
  private final Baton baton;

  PromotionRoutes(Baton baton) {
    this.baton = baton;
  }

  void register(RoutesConfig r, Route route) {
    r.post(API + "/projects/{slug}/promotion/preview", route.handler(this::preview));
    r.post(API + "/projects/{slug}/promotion/request", route.handler(this::request));
    r.get(API + "/projects/{slug}/promotions", route.handler(this::history));
    r.get(API + "/promotions/{id}", route.handler(this::promotion));
    r.get(API + "/promotions/{id}/preview", route.handler(this::pinnedPreview));
    r.post(API + "/promotions/{id}/approve", route.handler(this::approve));
    r.post(API + "/promotions/{id}/reject", route.handler(this::reject));
    r.post(API + "/promotions/{id}/withdraw", route.handler(this::withdraw));
    r.post(API + "/promotions/{id}/deploy", route.handler(this::deploy));
    r.post(API + "/promotions/{id}/resume", route.handler(this::resume));
    r.get(API + "/inbox", route.handler(this::inbox));
  }

  // --- preview and request

  private Object preview(Context ctx, UserId caller) {
    Body body = Body.parse(ctx.body(), false, Set.of("source", "target"));
    EnvironmentName source = environment(body, "source");
    EnvironmentName target = environment(body, "target");
    body.done();
    return JsonView.preview(baton.previews().preview(Requests.project(ctx), source, target));
  }

  private Object request(Context ctx, UserId caller) {
    ProjectId project = Requests.project(ctx);
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
    PromotionQuery query = HistoryParams.parse(Requests.project(ctx), ctx::queryParams);
    return JsonView.page(baton.promotions().history(query));
  }

  private Object promotion(Context ctx, UserId caller) {
    return baton.promotions().get(Requests.promotionId(ctx));
  }

  private Object pinnedPreview(Context ctx, UserId caller) {
    return JsonView.preview(baton.previews().of(Requests.promotionId(ctx)));
  }

  private Object inbox(Context ctx, UserId caller) {
    return JsonView.list(baton.promotions().inbox(caller));
  }

  // --- verbs on a promotion

  private Object approve(Context ctx, UserId caller) {
    String comment = comment(ctx, false);
    return baton.promotions().approve(Requests.promotionId(ctx), caller, comment);
  }

  private Object reject(Context ctx, UserId caller) {
    String comment = comment(ctx, true);
    return baton.promotions().reject(Requests.promotionId(ctx), caller, comment);
  }

  private Object withdraw(Context ctx, UserId caller) {
    String comment = comment(ctx, false);
    return baton.promotions().withdraw(Requests.promotionId(ctx), caller, comment);
  }

  private Object deploy(Context ctx, UserId caller) {
    Body.parse(ctx.body(), true, Set.of()).done();
    return baton.promotions().deploy(Requests.promotionId(ctx), caller);
  }

  private Object resume(Context ctx, UserId caller) {
    Body.parse(ctx.body(), true, Set.of()).done();
    return baton.promotions().resume(Requests.promotionId(ctx), caller);
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
}
