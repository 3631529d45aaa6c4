package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateJson;
import java.util.ArrayList;
import java.util.List;

/**
 * What one attempt of a store call decided: the answer, and the files whose change (one commit)
 * makes it true; none when the answer needs no change. Not thread-safe; one per attempt.
 *
 * @param <R> the answer's type
 */
final class StateChange<R> {
  /** A file to write (content) or delete (content null) and its parsed value. */
  record FileWrite(String path, byte[] content, Object value) {}

  private final R answer;
  private String message;
  private final List<FileWrite> writes = new ArrayList<>();

  private StateChange(R answer, String message) {
    this.answer = answer;
    this.message = message;
  }

  /**
   * The JSON of a state document, refused when over {@link GitStateStore#MAX_DOCUMENT_BYTES}.
   *
   * @since 0.1
   */
  public static byte[] document(Object value) {
    byte[] json = StateJson.write(value);
    if (json.length > GitStateStore.MAX_DOCUMENT_BYTES) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, "the "
          + value.getClass().getSimpleName() + " document would be " + json.length
          + " bytes of JSON; the limit is " + GitStateStore.MAX_DOCUMENT_BYTES
          + " bytes (nothing was written)");
    }
    return json;
  }

  /** The answer, with nothing to write. */
  static <R> StateChange<R> answer(R answer) {
    return new StateChange<>(answer, "");
  }

  /** The answer, made true by a commit with this message (files to follow). */
  static <R> StateChange<R> commit(R answer, String message) {
    return new StateChange<>(answer, message);
  }

  StateChange<R> put(String path, byte[] content, Object value) {
    writes.add(new FileWrite(path, content, value));
    return this;
  }

  StateChange<R> delete(String path) {
    writes.add(new FileWrite(path, null, null));
    return this;
  }

  /** Adds a paragraph to the commit message. */
  void appendToMessage(String paragraph) {
    message += "\n\n" + paragraph;
  }

  R answer() {
    return answer;
  }

  String message() {
    return message;
  }

  /** The message's first line. */
  String title() {
    return message.lines().findFirst().orElse("");
  }

  List<FileWrite> writes() {
    return writes;
  }
}
