package dev.baton.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Starts several threads at the same moment (behind a barrier) and collects what each returned,
 * in thread order. Not a timing test: the only time limit is a liveness guard so that a store that
 * deadlocks fails the build instead of hanging it.
 */
final class Races {
  private static final long LIVENESS_GUARD_SECONDS = 120;

  private Races() {}

  static <T> List<T> race(int threads, IntFunction<Callable<T>> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> body = task.apply(i);
        futures.add(pool.submit(() -> {
          start.await();
          return body.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(LIVENESS_GUARD_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } catch (ExecutionException e) {
      throw new AssertionError("a racing call threw", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a racing call did not return within "
          + LIVENESS_GUARD_SECONDS + " s: deadlock?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while racing", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
