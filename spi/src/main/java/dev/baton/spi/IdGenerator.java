package dev.baton.spi;

/**
 * Port for new identifiers, so tests get predictable ids. Ids must be unique across every engine
 * sharing a store and safe as Git ref components (letters, digits, '-', '_', '.'). Thread-safe.
 */
@FunctionalInterface
public interface IdGenerator {

  /** A new unique id; {@code kind} (such as "p" or "r") may prefix it for readability. */
  String next(String kind);
}
