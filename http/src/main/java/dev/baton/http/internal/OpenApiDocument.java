package dev.baton.http.internal;

import static dev.baton.http.internal.ApiRoutes.API;

import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;

/**
 * The API's OpenAPI 3.1 document ({@code openapi.json} in this jar), served as it is at
 * {@code GET /api/v2/openapi.json} to anyone: it needs no credentials. Read once, when made.
 * Immutable and thread-safe.
 */
final class OpenApiDocument {
  private final String text;

  /**
   * Reads the document.
   *
   * @throws IllegalStateException when the jar lacks it
   */
  OpenApiDocument() {
    text = new String(JarResources.read("/dev/baton/http/openapi.json"),
        StandardCharsets.UTF_8);
  }

  void register(RoutesConfig r) {
    r.get(API + "/openapi.json", ctx -> ctx.status(200).contentType(Route.JSON).result(text));
  }
}
