package dev.baton.http.internal;

import dev.baton.http.Authenticator;
import dev.baton.http.json.Json;
import dev.baton.model.UserId;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;

/**
 * What every API route does around its own work: asks the {@link Authenticator} who is calling
 * (401 with a bearer challenge when nobody), runs the route's {@link Action}, and answers its
 * result as JSON, or any failure as a problem detail through {@link Problems}. The route answers
 * its own errors, so mounting it adds no exception handler to the host server. Immutable and
 * thread-safe; the handlers it makes are too.
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
        Optional<UserId> caller = authenticator.authenticate(Requests.headers(ctx));
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
}
