package dev.baton.memory;

import dev.baton.spi.IdGenerator;
import java.util.Set;
import java.util.UUID;

/**
 * The production {@link IdGenerator}: the kind, a dash and a random (version 4) UUID, such as
 * {@code p-0f8e2c4a-9b1d-4e6f-8a2b-3c4d5e6f7a8b}. Unique across engines sharing a store without
 * any coordination, and safe as a Git ref component (hex digits and dashes only).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class RandomIdGenerator implements IdGenerator {
  // The kinds the engine asks for, all valid: checking them costs a regular expression per id.
  private static final Set<String> ENGINE_KINDS = Set.of("p", "r", "x", "baton");

  /**
   * A generator backed by {@link UUID#randomUUID()}.
   *
   * @since 0.1
   */
  public RandomIdGenerator() {}

  /**
   * A new id of this kind.
   *
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a kind that is not
   *     empty or up to 26 characters safe in a Git ref name
   */
  @Override
  public String next(String kind) {
    if (kind == null || !ENGINE_KINDS.contains(kind)) {
      IdGenerator.checkKind(kind);
    }
    String random = UUID.randomUUID().toString();
    return kind.isEmpty() ? random : kind + "-" + random;
  }
}
