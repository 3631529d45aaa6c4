package dev.baton.model;

/** The expected outcomes of writing to an environment. */
public enum WriteStatus {
  /** The changes were written as a new revision. */
  WRITTEN,
  /** A write for the same promotion exists already (found by its promotion id); nothing new. */
  ALREADY_WRITTEN,
  /** The environment's files changed since the expected revision; nothing was written. */
  STALE
}
