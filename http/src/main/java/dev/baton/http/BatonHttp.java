package dev.baton.http;

import dev.baton.Baton;
import dev.baton.http.internal.ApiRoutes;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Baton's HTTP API as routes to mount in a Javalin server: the platform's own, or the one
 * {@link BatonServer} runs. Stateless and thread-safe; the routes it adds are too.
 *
 * <pre>{@code
 * Javalin app = Javalin.create(config -> {
 *   BatonHttp.routes(baton, BearerTokens.fromFile(Path.of("tokens"))).accept(config);
 *   config.routes.get("/health", ctx -> ctx.result("ok")); // the platform's own routes
 * }).start(8080);
 * }</pre>
 *
 * <p>Every route lives under {@link #API} (docs/http.md lists them, and
 * {@code GET /api/v2/openapi.json} describes them). Each one authenticates the caller with the
 * {@link Authenticator} (401 when it answers nobody), then calls one verb of the engine's
 * facades, which checks the feature gate and the caller's permissions exactly as for a library
 * caller. Bodies are JSON in the shapes of {@link dev.baton.http.json.JsonView}; errors are RFC
 * 9457 problem details ({@code application/problem+json}) carrying Baton's error code. The routes
 * answer their own errors: mounting them adds no exception handler, filter or error page to the
 * host server, so the platform's other routes behave as before.
 *
 * @since 0.2
 */
public final class BatonHttp {
  /**
   * The path every API route starts with.
   *
   * @since 0.2
   */
  public static final String API = ApiRoutes.API;

  private BatonHttp() {}

  /**
   * The API's routes over this engine.
   *
   * @param baton the engine; its ports decide what callers may do
   * @param authenticator who is calling
   * @return adds the routes to a Javalin configuration; may be applied to several servers
   * @throws NullPointerException for a null argument
   * @since 0.2
   */
  public static Consumer<JavalinConfig> routes(Baton baton, Authenticator authenticator) {
    return routes(baton, authenticator, Optional.empty());
  }

  /**
   * The API's routes over this engine, whose pipelines come from a source the platform stores
   * again on its own (as the command line stores {@code .baton/pipeline.yaml} of the branch
   * before every command): a replacement over HTTP would be silently undone, so
   * {@code PUT .../promotion/pipeline} is refused with 409 {@code PIPELINE_CONFLICT}, whose
   * detail names {@code source} as the place to change instead, and nothing is stored. Reading
   * the pipeline and every other route answer as with {@link #routes(Baton, Authenticator)}.
   *
   * @param baton the engine; its ports decide what callers may do
   * @param authenticator who is calling
   * @param source where the pipelines are changed, for people: {@code ".baton/pipeline.yaml on
   *     main"}
   * @return adds the routes to a Javalin configuration; may be applied to several servers
   * @throws NullPointerException for a null argument
   * @throws IllegalArgumentException for a blank {@code source}
   * @since 0.2
   */
  public static Consumer<JavalinConfig> routesWithReadOnlyPipelines(Baton baton,
      Authenticator authenticator, String source) {
    if (Objects.requireNonNull(source, "source").isBlank()) {
      throw new IllegalArgumentException("source is blank");
    }
    return routes(baton, authenticator, Optional.of(source));
  }

  private static Consumer<JavalinConfig> routes(Baton baton, Authenticator authenticator,
      Optional<String> readOnlyPipelines) {
    ApiRoutes routes = new ApiRoutes(Objects.requireNonNull(baton, "baton"),
        Objects.requireNonNull(authenticator, "authenticator"), readOnlyPipelines);
    return routes::register;
  }
}
