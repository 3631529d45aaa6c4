package dev.baton.http.internal;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import io.javalin.http.Context;
import java.net.http.HttpHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API's routes and the console's pages read off a request in the same way: its headers
 * for the {@link dev.baton.http.Authenticator}, and the path parameters both use ({@code {slug}},
 * {@code {env}}, {@code {id}}). A malformed parameter is the identifier's own INVALID_ARGUMENT.
 * Stateless.
 */
public final class Requests {
  private Requests() {}

  /**
   * The request's headers, every value of every name, as the authenticator port takes them.
   *
   * @param ctx the request
   * @return its headers
   */
  public static HttpHeaders headers(Context ctx) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      map.put(name, Collections.list(ctx.req().getHeaders(name)));
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }

  /**
   * The project of {@code {slug}}.
   *
   * @param ctx the request
   * @return the project
   */
  public static ProjectId project(Context ctx) {
    return ProjectId.of(ctx.pathParam("slug"));
  }

  /**
   * The environment of {@code {env}}.
   *
   * @param ctx the request
   * @return the environment
   */
  public static EnvironmentName environment(Context ctx) {
    return EnvironmentName.of(ctx.pathParam("env"));
  }

  /**
   * The promotion of {@code {id}}.
   *
   * @param ctx the request
   * @return the promotion's id
   */
  public static PromotionId promotionId(Context ctx) {
    return PromotionId.of(ctx.pathParam("id"));
  }
}
