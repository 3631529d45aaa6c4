package dev.baton.internal.engine;

import dev.baton.model.PendingNotification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the store's outbox through the notifier, at least once. Each call of the notifier runs
 * on a daemon thread with a time limit, so a notifier that throws or hangs is retried later with
 * a growing delay. The pass that follows a state change stops at its first failure and never
 * waits for another pass, so an operation waits for at most one time limit however sick the
 * notifier is. A store that {@code takesDueInBatches} is taken from a batch at a time (one step
 * instead of a read and a take per notification, and no two engines reading the same rows),
 * and what a pass took and did not try is given back. Thread-safe: one delivery pass runs at a
 * time.
 */
public final class OutboxDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  /** How many due notifications one read of the outbox returns at most. */
  private static final int BATCH = 100;

  private final Wiring wiring;
  private final ExecutorService threads;
  private final ReentrantLock passes = new ReentrantLock();
  private final AtomicBoolean moreDue = new AtomicBoolean();
  /** How long a taken delivery is held: a little longer than a call may take. */
  private final Duration hold;
  /**
   * How long a batch is held: a call may begin while at least {@link #hold} of it is left, so
   * each call keeps the margin a single take gives it (null: too long to double, no batches).
   */
  private final Duration batchHold;

  /** Creates the delivery for an engine. */
  public OutboxDelivery(Wiring wiring) {
    this.wiring = wiring;
    // computed once: Duration.multipliedBy goes through BigInteger, on every notification
    this.hold = holdFor(wiring.notificationTimeout());
    this.batchHold = hold == null ? null : holdFor(hold);
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "baton-notify-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Delivers every notification that is due now; returns how many were delivered. */
  public int deliverDue() {
    passes.lock();
    try {
      return pass(false);
    } finally {
      passes.unlock();
    }
  }

  /**
   * Delivers what a state change just stored. When another pass is running it leaves the work to
   * that pass, which goes round once more before it ends, so nothing stored is left behind.
   */
  public void deliverAfterChange() {
    moreDue.set(true);
    while (moreDue.get() && passes.tryLock()) {
      try {
        moreDue.set(false);
        pass(true);
      } finally {
        passes.unlock();
      }
    }
  }

  private int pass(boolean stopAtFailure) {
    if (batchHold != null && wiring.promotions().takesDueInBatches()) {
      return batchPass(stopAtFailure);
    }
    int delivered = 0;
    while (true) {
      Instant now = wiring.clock().instant();
      List<PendingNotification> due = wiring.promotions().pendingNotifications(now, BATCH);
      if (due.isEmpty()) {
        return delivered;
      }
      int before = delivered;
      for (int i = 0; i < due.size(); i++) {
        // indexed, no iterator per pass: the page holds at most BATCH notifications
        PendingNotification pending = due.get(i);
        Attempt outcome = attempt(pending, now);
        if (outcome == Attempt.DELIVERED) {
          delivered++;
        } else if (outcome == Attempt.FAILED && stopAtFailure) {
          return delivered;
        }
      }
      if (delivered == before) {
        return delivered;
      }
      if (stopAtFailure && due.size() < BATCH) {
        // The read found all that was due. What a change stores after it is left to the next
        // round, which deliverAfterChange makes (moreDue) once this pass ends. deliverDue has
        // no such hand-off, so its pass reads until nothing comes back.
        return delivered;
      }
    }
  }

  /**
   * The pass on a store that takes due notifications in batches: one step takes up to
   * {@link #BATCH} of them (no other deliverer gets those), and the notifier is called for each.
   * What it took and did not try (the pass stopped at a failure, or less than a single take's
   * hold is left of the batch's) is given back at once, due as it was, for the next pass of any
   * engine. A round that delivered is followed by another (even one cut short by the hold); a
   * round that delivered nothing ends the pass.
   */
  private int batchPass(boolean stopAtFailure) {
    int delivered = 0;
    while (true) {
      Instant now = wiring.clock().instant();
      Instant until = now.plus(batchHold);
      List<PendingNotification> taken =
          wiring.promotions().takeDueNotifications(now, until, BATCH);
      if (taken.isEmpty()) {
        return delivered;
      }
      int before = delivered;
      boolean cut = false;
      for (int i = 0; i < taken.size(); i++) {
        if (i > 0 && wiring.clock().instant().plus(hold).isAfter(until)) {
          // a call begun now would have less margin than a single take gives it: a slow call
          // and a late record of its outcome could outlast the hold and be doubled by another
          release(taken, i, until);
          cut = true;
          break;
        }
        Attempt outcome = call(taken.get(i), now);
        if (outcome == Attempt.DELIVERED) {
          delivered++;
        } else if (stopAtFailure) {
          release(taken, i + 1, until);
          return delivered;
        }
      }
      if (delivered == before) {
        // as in pass: a round that delivered nothing ends the pass, cut short or not, so a
        // notifier that keeps failing is not called again before its backoff
        return delivered;
      }
      if (stopAtFailure && !cut && taken.size() < BATCH) {
        // as in pass: what a change stores after this take is left to deliverAfterChange's
        // next round
        return delivered;
      }
    }
  }

  private void release(List<PendingNotification> taken, int from, Instant until) {
    for (int i = from; i < taken.size(); i++) {
      wiring.promotions().releaseDelivery(taken.get(i), until);
    }
  }

  /** What one attempt came to. */
  private enum Attempt { DELIVERED, FAILED, SKIPPED }

  private Attempt attempt(PendingNotification pending, Instant now) {
    var notification = pending.notification();
    // Another deliverer may have read it as due too: only the one that takes it calls the
    // notifier. Held a little longer than a call may take, so a live caller is never doubled.
    Duration held = hold != null ? hold : wiring.notificationTimeout().multipliedBy(2);
    if (!wiring.promotions().takeDelivery(notification.id(), now, now.plus(held))) {
      return Attempt.SKIPPED;
    }
    return call(pending, now);
  }

  /** Calls the notifier for a notification this engine took, and records the outcome. */
  private Attempt call(PendingNotification pending, Instant now) {
    var notification = pending.notification();
    if (DoNothingPorts.tellsNobody(wiring.notifier())) {
      // it neither blocks nor throws: no thread and no time limit needed to call it
      wiring.notifier().deliver(notification);
      wiring.promotions().markDelivered(notification.id());
      return Attempt.DELIVERED;
    }
    Future<?> call = threads.submit(() -> wiring.notifier().deliver(notification));
    String error;
    try {
      call.get(wiring.notificationTimeout().toMillis(), TimeUnit.MILLISECONDS);
      wiring.promotions().markDelivered(notification.id());
      return Attempt.DELIVERED;
    } catch (ExecutionException e) {
      error = String.valueOf(e.getCause());
    } catch (TimeoutException e) {
      call.cancel(true);
      error = "timed out after " + wiring.notificationTimeout();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      error = "interrupted";
    }
    int attempts = pending.attempts() + 1;
    Duration delay = Duration.ofSeconds(1L << Math.min(attempts, 12));
    Instant retryAt = now.plus(delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay);
    LOG.warn("notification {} not delivered (attempt {}): {}; retrying at {}",
        notification.id(), attempts, error, retryAt);
    wiring.promotions().markFailed(notification.id(), error, retryAt);
    return Attempt.FAILED;
  }

  // null for a timeout too long to double: each delivery then fails as it always did
  private static Duration holdFor(Duration timeout) {
    try {
      return timeout.multipliedBy(2);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
