package dev.baton.examples.badinput;

import dev.baton.error.ErrorCode;

/**
 * One bad input passed through the API: the family it belongs to, a name that says what is bad,
 * what to put in place first (files on the branch, say), the call that passes it, and the
 * refusal it must meet.
 *
 * @param family what kind of input (pipeline file, name, identity, ...)
 * @param name what is wrong with it
 * @param expected the error code of the refusal
 * @param setup what is put in place before the snapshot (null: nothing); undone afterwards
 * @param call the call, against a world holding a pipeline and promotions
 */
public record BadCase(String family, String name, ErrorCode expected, Call setup, Call call) {

  /** Something done against the world. */
  @FunctionalInterface
  public interface Call {
    /** Makes the call (building its arguments is part of it). */
    void run(BadInputWorld world) throws Exception;
  }

  /** A case without set-up. */
  static BadCase of(String family, String name, ErrorCode expected, Call call) {
    return new BadCase(family, name, expected, null, call);
  }

  /** A case that puts something in place first. */
  static BadCase prepared(String family, String name, ErrorCode expected, Call setup,
      Call call) {
    return new BadCase(family, name, expected, setup, call);
  }

  @Override
  public String toString() {
    return family + ": " + name;
  }
}
