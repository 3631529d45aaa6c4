package dev.baton.git;

/**
 * Test seam: runs after a write has built its commit and just before it tries to move the ref
 * (locally or by push), so tests can make another writer win the race deterministically.
 */
@FunctionalInterface
interface RaceHook {
  /** Does nothing. */
  RaceHook NONE = attempt -> { };

  /** Called once per attempt, numbered from 1. */
  void beforeUpdate(int attempt);
}
