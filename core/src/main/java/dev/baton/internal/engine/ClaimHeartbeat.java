package dev.baton.internal.engine;

import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the execution claims this engine holds while it runs them, once per third of the claim
 * lease, so that {@code recover()} elsewhere never takes over an execution that is alive, however
 * long its write or deploy takes. Each renewal is a fenced step ({@link ClaimFence}): once the
 * claim was taken over, the renewal stops.
 *
 * <p>One daemon thread ticks four times per renewal period, from the first execution until
 * {@link #close}, and renews each running claim whose last renewal (or start) is a period old: a
 * claim is renewed between one and one and a quarter periods apart, so the lease still holds two
 * missed renewals. Starting and ending an execution only add it to and remove it from a map:
 * most executions end long before their first renewal, and scheduling a task for each (a queue
 * insertion, then a cancelled task kept until its time) cost more than the execution's other
 * bookkeeping. Thread-safe.
 */
final class ClaimHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimHeartbeat.class);
  /** Renewing more often than this only loads the store (a lease this short is for tests). */
  private static final Duration MIN_PERIOD = Duration.ofMillis(50);
  private static final int TICKS_PER_PERIOD = 4;

  private final Wiring wiring;
  private final ClaimFence fence;
  private final long period;
  private final ScheduledExecutorService scheduler;
  private final Map<PromotionId, Renewal> running = new ConcurrentHashMap<>();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private volatile boolean closed;

  ClaimHeartbeat(Wiring wiring) {
    this.wiring = wiring;
    this.fence = new ClaimFence(wiring);
    this.period = Math.max(wiring.claimLease().dividedBy(3).toNanos(), MIN_PERIOD.toNanos());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baton-claim-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** A running heartbeat; closing it stops the renewals. */
  interface Beat extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts renewing a claimed promotion's claim until the returned beat is closed. */
  Beat start(Promotion claimed, UserId by) {
    Renewal renewal = new Renewal(claimed.id(), ClaimFence.token(claimed), by, System.nanoTime());
    running.put(renewal.id, renewal);
    if (closed) {
      LOG.warn("promotion {}: the engine is closed; its claim is not renewed", renewal.id);
    } else if (!ticking.get() && ticking.compareAndSet(false, true)) {
      long tick = period / TICKS_PER_PERIOD;
      try {
        scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        LOG.warn("promotion {}: the engine is closed; its claim is not renewed", renewal.id);
      }
    }
    return renewal;
  }

  /** Whether this engine runs the promotion under this token right now. */
  boolean runs(PromotionId id, long token) {
    Renewal mine = running.get(id);
    return mine != null && mine.token == token;
  }

  /** Renews every running claim that is due; runs on the heartbeat thread only. */
  private void tick() {
    long now = System.nanoTime();
    for (Renewal renewal : running.values()) {
      if (now - renewal.last >= period) {
        renewal.last = now;
        renewal.renew();
      }
    }
  }

  /** The renewals of one claim; closing it, as the executor's beat, stops them. */
  private final class Renewal implements Beat {
    private final PromotionId id;
    private final long token;
    private final UserId by;
    // the start or the last renewal (System.nanoTime); written by the heartbeat thread only
    private long last;

    Renewal(PromotionId id, long token, UserId by, long started) {
      this.id = id;
      this.token = token;
      this.by = by;
      this.last = started;
    }

    void renew() {
      try {
        if (fence.record(id, token, p -> Lifecycle.apply(p, new PromotionEvent.Renew(by,
            wiring.clock().instant())), next -> List.of()).isEmpty()) {
          // the executor learns it at its next fenced step
          stop();
        }
      } catch (RuntimeException e) {
        // A store that fails now may answer at the next beat; the lease leaves room for two.
        LOG.warn("promotion {}: renewing claim token {} failed: {}", id, token, e.toString());
      }
    }

    void stop() {
      running.remove(id, this);
    }

    @Override
    public void close() {
      stop();
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }
}
