package dev.baton.model;

/** The expected outcomes of a compare-and-set on a store: a lost race is a value, not an error. */
public enum CasResult {
  /** The write happened. */
  APPLIED,
  /** The stored version was not the expected one; nothing was written. */
  VERSION_MISMATCH,
  /** Nothing is stored under that key; nothing was written. */
  NOT_FOUND
}
