package dev.baton.git.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.IOException;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Repository;

/**
 * Turns the I/O failures of Git work into Baton errors with the code callers switch on. Every
 * exception is handled here once: the port classes run their Git work through {@link #call}.
 * Stateless; thread-safe.
 */
public final class GitFailures {
  private GitFailures() {}

  /** A piece of Git work that may fail with I/O. */
  @FunctionalInterface
  public interface GitWork<T> {
    /** Does the work. */
    T run() throws IOException;
  }

  /**
   * Runs Git work: a damaged repository becomes STORE_CORRUPT, an object too large to read
   * DOCUMENT_TOO_LARGE, any other I/O failure BACKEND_FAILURE.
   */
  public static <T> T call(GitWork<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      throw of(e);
    } catch (LargeObjectException e) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE,
          "a Git object is too large to read: " + e.getMessage(), e);
    } catch (InvalidPathException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT,
          "the Git repository holds a path this platform refuses: " + e.getMessage(), e);
    }
  }

  /** The Baton error for an I/O failure of Git work (see {@link #call}). */
  public static BatonException of(IOException e) {
    if (e instanceof MissingObjectException || e instanceof CorruptObjectException
        || e instanceof IncorrectObjectTypeException) {
      return new BatonException(ErrorCode.STORE_CORRUPT,
          "the Git repository is damaged: " + e.getMessage(), e);
    }
    return new BatonException(ErrorCode.BACKEND_FAILURE, "Git I/O failed: " + e.getMessage(), e);
  }

  /** BACKEND_FAILURE for I/O that failed while doing {@code what} in the repository. */
  public static BatonException backend(Repository repository, String what, IOException e) {
    return new BatonException(ErrorCode.BACKEND_FAILURE,
        "cannot " + what + " in " + repository.getDirectory() + ": " + e.getMessage(), e);
  }
}
