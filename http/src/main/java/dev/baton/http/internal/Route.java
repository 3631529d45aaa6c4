package dev.baton.http.internal;

import dev.baton.http.Authenticator;
import dev.baton.http.json.Json;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.UserId;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.http.HttpHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every API route does around its own work: asks the {@link Authenticator} who is calling
 * (401 with a bearer challenge when nobody), runs the route's {@link Action}, and answers its
 * result as JSON, or any failure as a problem detail through {@link Problems}. The route answers
 * its own errors, so mounting it adds no exception handler to the host server. Also reads the
 * path parameters the routes share. Immutable and thread-safe; the handlers it makes are too.
 */
final class Route {
  /** The media type of every answer that is not a problem. */
  static final String JSON = "application/json";

  private final Authenticator authenticator;

  Route(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** One route's work: it may set status and headers; it returns the body to answer. */
  @FunctionalInterface
  interface Action {
    Object run(Context ctx, UserId caller);
  }

  /** A handler that authenticates, runs the action and answers its body or its failure. */
  Handler handler(Action action) {
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

  /** The project of {@code {slug}}. */
  static ProjectId project(Context ctx) {
    return ProjectId.of(ctx.pathParam("slug"));
  }

  /** The environment of {@code {env}}. */
  static EnvironmentName environment(Context ctx) {
    return EnvironmentName.of(ctx.pathParam("env"));
  }

  /** The promotion of {@code {id}}. */
  static PromotionId promotionId(Context ctx) {
    return PromotionId.of(ctx.pathParam("id"));
  }
}
