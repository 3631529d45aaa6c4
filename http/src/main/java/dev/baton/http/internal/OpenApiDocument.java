package dev.baton.http.internal;

import static dev.baton.http.internal.ApiRoutes.API;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(
        "/dev/baton/http/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void register(RoutesConfig r) {
    r.get(API + "/openapi.json", ctx -> ctx.status(200).contentType(Route.JSON).result(text));
  }
}
