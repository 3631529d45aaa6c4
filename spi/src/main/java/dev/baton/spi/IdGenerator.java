package dev.baton.spi;

import dev.baton.error.Arguments;
import java.util.regex.Pattern;

/**
 * Port for new identifiers, so tests get predictable ids. Ids must be unique across every engine
 * sharing a store and safe as Git ref components (letters, digits, '-', '_', '.'). Thread-safe.
 *
 * <p>The engine asks for a promotion id (kind {@code "p"}) on every request, a release id
 * ({@code "r"}) when an execution records its release, a claim owner suffix ({@code "x"}) on
 * every attempt to claim an execution, and, when the builder is given no instance id, the
 * engine's instance id ({@code "baton"}). Promotion and release ids become
 * {@link dev.baton.model.PromotionId} and {@link dev.baton.model.ReleaseId}, which refuse
 * anything longer than 63 characters, starting with anything but a letter or digit, or holding
 * {@code ".."}. A repeated promotion id is detected by the store and fails the request with
 * {@code BACKEND_FAILURE}. Calls come from any thread, concurrently. The production default is a
 * random UUID per id; {@code SequentialIdGenerator} in core gives predictable ids for tests.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface IdGenerator {

  /**
   * A new unique id; {@code kind} (such as "p" or "r") may prefix it for readability.
   *
   * <p>Unique means never answered before, by this generator or by the generator of any other
   * engine sharing the store, for any kind. It must not block for long: it is called while a
   * request or an execution runs.
   *
   * @param kind what the id is for; check it with {@link #checkKind}
   * @return the new id, at most 63 characters safe in a Git ref component
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a kind
   *     {@link #checkKind} refuses
   * @since 0.1
   */
  String next(String kind);

  /**
   * Returns {@code kind} if it is a kind an id may carry: empty, or up to 26 letters, digits,
   * '.', '_' or '-' starting with a letter or digit, so that an id built from it fits in a
   * 63-character ref component. Implementations call it first in {@link #next}.
   *
   * @param kind the kind {@link #next} was given
   * @return {@code kind}, unchanged
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for any other kind
   * @since 0.1
   */
  static String checkKind(String kind) {
    Arguments.notNull(kind, "id kind");
    Arguments.check(Pattern.matches("([A-Za-z0-9][A-Za-z0-9._-]{0,25})?", kind)
        && !kind.contains(".."), "an id kind is empty or up to 26 letters, digits, '.', '_' or '-'"
            + " starting with a letter or digit: '" + kind + "'");
    return kind;
  }
}
