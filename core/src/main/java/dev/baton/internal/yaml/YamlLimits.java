package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;

/**
 * Bounds applied while reading one YAML document, so that a hostile or broken file costs a
 * bounded amount of memory and time. Immutable and thread-safe.
 *
 * @param maxBytes largest accepted document, in UTF-8 bytes
 * @param maxDepth deepest accepted nesting of maps and lists (the top-level map is depth 1)
 * @param maxKeys most map keys accepted in the whole document
 */
public record YamlLimits(int maxBytes, int maxDepth, int maxKeys) {
  /** 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;
  /** 64 levels. */
  public static final int DEFAULT_MAX_DEPTH = 64;
  /** 100,000 keys. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  /** Validates that every bound is positive. */
  public YamlLimits {
    if (maxBytes < 1 || maxDepth < 1 || maxKeys < 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "YAML limits must be positive: " + maxBytes + ", " + maxDepth + ", " + maxKeys);
    }
  }

  /** 1 MiB, 64 levels, 100,000 keys. */
  public static YamlLimits defaults() {
    return new YamlLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_KEYS);
  }
}
