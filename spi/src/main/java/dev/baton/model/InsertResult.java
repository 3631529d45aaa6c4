package dev.baton.model;

/** The expected outcomes of inserting a new promotion. */
public enum InsertResult {
  /** Stored. */
  INSERTED,
  /** A promotion with the same id exists; nothing was written. */
  DUPLICATE_ID,
  /** A promotion of the same project with the same idempotency key exists; nothing was written. */
  DUPLICATE_KEY
}
