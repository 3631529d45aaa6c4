package dev.baton.internal.engine;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user-supplied side-effect code (deployers, reporters) so that its failure is contained and
 * logged once, never allowed to lose or double a promotion.
 */
final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

  private Guard() {}

  static void run(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("{} failed; carrying on", what, e);
    }
  }

  static <T> T call(String what, Supplier<T> action, java.util.function.Function<Throwable, T>
      onFailure) {
    try {
      T result = action.get();
      if (result == null) {
        return onFailure.apply(new NullPointerException(what + " returned null"));
      }
      return result;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("{} failed", what, e);
      return onFailure.apply(e);
    }
  }

  /**
   * Adds {@code also} to what {@code kept} suppressed, unless it is {@code kept} itself: a port
   * may throw one instance for every call (a cached failure, a circuit breaker's), and
   * {@link Throwable#addSuppressed} throws on self-suppression, which would replace the failure
   * the caller must hear with an IllegalArgumentException.
   */
  static void suppress(Throwable kept, Throwable also) {
    if (also != kept) {
      kept.addSuppressed(also);
    }
  }
}
