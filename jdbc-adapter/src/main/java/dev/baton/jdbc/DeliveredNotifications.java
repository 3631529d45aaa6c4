package dev.baton.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The notifications a {@link PostgresPromotionStore} was told are delivered and has not deleted
 * yet, so that their deletes ride on the store's next take of a delivery or write of a promotion
 * (one round trip and one commit fewer per notification) or go together a moment later.
 *
 * <p>A delete waits only for a notification this store took itself, with a hold long enough
 * that the take still stands, by a wide margin, when the wait ends: until then no other
 * deliverer can take it (it is not due before the end of the hold), and this store's own reads
 * leave it out. Any other delete happens at once. A process that dies with deletes waiting
 * leaves those notifications taken until their hold ends; then they are due again and
 * delivered again, as when a process dies between a notifier's call and its delete: delivery
 * stays at least once. A JVM whose main thread ends without closing the stores waits for the
 * deletes (at most the wait, {@link #WAIT} unless told otherwise). Thread-safe.
 */
final class DeliveredNotifications implements AutoCloseable {
  /** How long a delete waits at most for a statement to ride on. */
  static final Duration WAIT = Duration.ofMillis(50);
  /** A take whose hold ends sooner than this after its delete is asked for is deleted at once. */
  static final Duration MARGIN = Duration.ofSeconds(1);
  private static final Duration LONGEST = Duration.ofHours(1);
  /** How long {@link #close} waits at most for a flush, then for the deletes under way. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  /** Takes remembered at most; forgetting one only makes its delete immediate. */
  private static final int TAKES = 10_000;

  private final Object lock = new Object();
  /** This store's live takes: notification id, and the System.nanoTime its hold surely lasts to. */
  private final Map<String, Long> takes = new HashMap<>();
  private final Set<String> waiting = new LinkedHashSet<>();
  /**
   * Drained ids whose delete has not committed yet: still delivered for this store's reads, so a
   * read in that moment does not answer them.
   */
  private final Set<String> deleting = new LinkedHashSet<>();
  private final Runnable flush;
  private final Duration wait;
  private ScheduledExecutorService timer;
  private boolean flushScheduled;
  private boolean closed;

  /** {@code flush} deletes what {@link #drain} answers; the timer runs it after {@link #WAIT}. */
  DeliveredNotifications(Runnable flush) {
    this(flush, WAIT);
  }

  /**
   * As {@link #DeliveredNotifications(Runnable)}, with another wait: tests make it long, so that
   * what deletes a notification is the statement it rides on and never the timer.
   */
  DeliveredNotifications(Runnable flush, Duration wait) {
    this.flush = flush;
    this.wait = wait;
  }

  /** This store took the delivery of {@code id} for {@code hold}. */
  void taken(String id, Duration hold) {
    if (hold.compareTo(MARGIN.multipliedBy(2)) < 0) {
      return;
    }
    // half the hold (at most an hour, which any wait here is far below): the clock the engine
    // measured it on may run apart from this one
    Duration sure = hold.dividedBy(2);
    long until = System.nanoTime() + (sure.compareTo(LONGEST) > 0 ? LONGEST : sure).toNanos();
    synchronized (lock) {
      if (takes.size() >= TAKES) {
        takes.clear();
      }
      takes.put(id, until);
    }
  }

  /** The take of {@code id} ended without a delivery (a failed attempt). */
  void forget(String id) {
    synchronized (lock) {
      takes.remove(id);
    }
  }

  /**
   * Makes the delete of a delivered notification wait, when this store's take of it lasts long
   * enough; returns whether it waits (otherwise the caller deletes it now).
   */
  boolean defer(String id) {
    synchronized (lock) {
      Long until = takes.remove(id);
      if (closed || until == null
          || until - System.nanoTime() < MARGIN.plus(wait).toNanos()) {
        return false;
      }
      waiting.add(id);
      if (!flushScheduled) {
        flushScheduled = true;
        timer().schedule(this::timed, wait.toNanos(), TimeUnit.NANOSECONDS);
      }
      return true;
    }
  }

  /** Whether {@code id} is delivered and its delete waits (or is under way). */
  boolean contains(String id) {
    synchronized (lock) {
      return waiting.contains(id) || deleting.contains(id);
    }
  }

  /** The waiting ids and those being deleted, for a read to leave out. */
  List<String> waiting() {
    synchronized (lock) {
      if (waiting.isEmpty() && deleting.isEmpty()) {
        return List.of();
      }
      List<String> ids = new ArrayList<>(waiting);
      ids.addAll(deleting);
      return ids;
    }
  }

  /**
   * The waiting ids, no longer waiting: the caller deletes them and says so with
   * {@link #deleted}, or {@link #restore}s them. Until then reads still leave them out.
   */
  List<String> drain() {
    synchronized (lock) {
      if (waiting.isEmpty()) {
        return List.of();
      }
      List<String> ids = new ArrayList<>(waiting);
      waiting.clear();
      deleting.addAll(ids);
      return ids;
    }
  }

  /** Drained ids whose delete committed. */
  void deleted(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    synchronized (lock) {
      deleting.removeAll(ids);
      lock.notifyAll(); // close() may wait for them
    }
  }

  /**
   * Ids whose delete failed: they wait again for the next take or the timer; once closed, for
   * the flush that follows {@link #close} (which waits for them), or else the store's next take
   * or write.
   */
  void restore(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    synchronized (lock) {
      deleting.removeAll(ids);
      waiting.addAll(ids);
      lock.notifyAll(); // close() may wait for them
      if (!flushScheduled && !closed) {
        flushScheduled = true;
        timer().schedule(this::timed, wait.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  private void timed() {
    synchronized (lock) {
      flushScheduled = false;
    }
    flush.run();
  }

  // Called with the lock held. Not a daemon thread, and it ends a second after its last flush:
  // a JVM whose main thread ends without closing the stores still deletes what waits (a daemon
  // would be stopped with the deletes undone, and those notifications delivered again).
  private ScheduledExecutorService timer() {
    if (timer == null) {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "baton-jdbc-delivered");
        t.setDaemon(false);
        return t;
      });
      executor.setKeepAliveTime(1, TimeUnit.SECONDS);
      executor.allowCoreThreadTimeOut(true);
      // close() drops a flush that has not started: its caller flushes at once instead
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      timer = executor;
    }
    return timer;
  }

  /**
   * Stops the timer, after a flush under way, and waits (ten seconds at most) until no drained
   * delete is under way: one riding on a statement that fails is restored to wait, and the
   * caller flushes what still waits, so it is deleted too rather than left until its hold ends.
   * Deletes asked for later are at once.
   */
  @Override
  public void close() {
    ScheduledExecutorService stopped;
    synchronized (lock) {
      closed = true;
      stopped = timer;
      timer = null;
    }
    if (stopped != null) {
      // a flush under way finishes; wait for it rather than cut a delete short (one not started
      // is dropped, and the caller flushes what still waits)
      stopped.shutdown();
      try {
        stopped.awaitTermination(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    long end = System.nanoTime() + CLOSE_WAIT.toNanos();
    synchronized (lock) {
      long left = CLOSE_WAIT.toNanos();
      while (!deleting.isEmpty() && left > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        left = end - System.nanoTime();
      }
    }
  }
}
