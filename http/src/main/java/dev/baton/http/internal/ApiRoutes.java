package dev.baton.http.internal;

import dev.baton.Baton;
import dev.baton.http.Authenticator;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import java.util.Optional;

/**
 * The API's routes under {@code /api/v2}, each a thin translation: authenticate, read the path,
 * query and body, call one facade verb of the engine (which checks features and permissions),
 * answer its result in the shapes of {@link dev.baton.http.json.JsonView}. The routes live in
 * groups by what they act on ({@link PipelineRoutes}, {@link PromotionRoutes},
 * {@link EnvironmentRoutes}, and the {@link OpenApiDocument}); {@link Route} does what every
 * route does around its work, including answering every failure as a problem detail, so that
 * mounting these routes into a platform's server adds no global exception handler there.
 * Immutable and thread-safe.
 */
public final class ApiRoutes {
  /** The prefix of every route. */
  public static final String API = "/api/v2";

  private final Route route;
  private final OpenApiDocument openApi;
  private final PipelineRoutes pipelines;
  private final PromotionRoutes promotions;
  private final EnvironmentRoutes environments;

  /**
   * Routes over this engine.
   *
   * @param baton the engine
   * @param authenticator who is calling
   * @param readOnlyPipelines where pipelines are changed when not over HTTP (a replacement is
   *     then refused with PIPELINE_CONFLICT), or empty when {@code PUT} replaces them
   */
  public ApiRoutes(Baton baton, Authenticator authenticator,
      Optional<String> readOnlyPipelines) {
    this.route = new Route(authenticator);
    this.openApi = new OpenApiDocument();
    this.pipelines = new PipelineRoutes(baton, readOnlyPipelines);
    this.promotions = new PromotionRoutes(baton);
    this.environments = new EnvironmentRoutes(baton);
  }

  /**
   * Adds the routes to a Javalin configuration.
   *
   * @param config the configuration of the server to mount them in
   */
  public void register(JavalinConfig config) {
    RoutesConfig r = config.routes;
    openApi.register(r);
    pipelines.register(r, route);
    promotions.register(r, route);
    environments.register(r, route);
  }
}
