package dev.baton.manifests;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.YamlLimits;

/**
 * Bounds on each YAML document Baton parses from an environment folder (values, variables,
 * kustomization), so that a broken or hostile file is refused instead of exhausting memory.
 * Immutable and thread-safe.
 *
 * @param maxBytes largest accepted file, in UTF-8 bytes; a larger one is refused as
 *     {@link ErrorCode#DOCUMENT_TOO_LARGE}
 * @param maxDepth deepest accepted nesting of maps and lists (the top-level map is depth 1); a
 *     deeper file is refused as {@link ErrorCode#MALFORMED_DOCUMENT}
 * @param maxKeys most map keys accepted in one file; more is {@link ErrorCode#DOCUMENT_TOO_LARGE}
 * @since 0.1
 */
public record DocumentLimits(int maxBytes, int maxDepth, int maxKeys) {
  /**
   * Validates that every bound is positive.
   *
   * @since 0.1
   */
  public DocumentLimits {
    if (maxBytes < 1 || maxDepth < 1 || maxKeys < 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "document limits must be positive: " + maxBytes + ", " + maxDepth + ", " + maxKeys);
    }
  }

  /**
   * 1 MiB, 64 levels, 100,000 keys per file.
   *
   * @since 0.1
   */
  public static DocumentLimits defaults() {
    return new DocumentLimits(YamlLimits.DEFAULT_MAX_BYTES, YamlLimits.DEFAULT_MAX_DEPTH,
        YamlLimits.DEFAULT_MAX_KEYS);
  }

  YamlLimits toYaml() {
    return new YamlLimits(maxBytes, maxDepth, maxKeys);
  }
}
