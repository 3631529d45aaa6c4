package dev.baton.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Files the HTTP module serves from its class path (the OpenAPI document, the console's style
 * sheet and script), read once when the routes are made, so a missing one fails the start rather
 * than a request. Stateless.
 */
public final class JarResources {
  private JarResources() {}

  /**
   * A class-path resource's bytes.
   *
   * @param path the absolute resource path, such as {@code /dev/baton/http/openapi.json}
   * @return its content
   * @throws IllegalStateException when the class path lacks it
   * @throws UncheckedIOException when it cannot be read
   */
  public static byte[] read(String path) {
    try (InputStream in = JarResources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
