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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the execution claims this engine holds while it runs them, at a third of the claim
 * lease, so that {@code recover()} elsewhere never takes over an execution that is alive, however
 * long its write or deploy takes. Each renewal is a fenced step ({@link ClaimFence}): once the
 * claim was taken over, the renewal stops. Runs on one daemon thread, stopped by {@link #close}.
 * Thread-safe.
 */
final class ClaimHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimHeartbeat.class);
  /** Renewing more often than this only loads the store (a lease this short is for tests). */
  private static final Duration MIN_PERIOD = Duration.ofMillis(50);

  private final Wiring wiring;
  private final ClaimFence fence;
  private final ScheduledExecutorService scheduler;
  private final Map<PromotionId, Long> running = new ConcurrentHashMap<>();

  ClaimHeartbeat(Wiring wiring) {
    this.wiring = wiring;
    this.fence = new ClaimFence(wiring);
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
    Renewal renewal = new Renewal(claimed.id(), ClaimFence.token(claimed), by);
    running.put(renewal.id, renewal.token);
    long period = Math.max(wiring.claimLease().dividedBy(3).toNanos(), MIN_PERIOD.toNanos());
    try {
      renewal.task = scheduler.scheduleAtFixedRate(renewal, period, period,
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      LOG.warn("promotion {}: the engine is closed; its claim is not renewed", renewal.id);
    }
    return renewal::stop;
  }

  /** Whether this engine runs the promotion under this token right now. */
  boolean runs(PromotionId id, long token) {
    Long mine = running.get(id);
    return mine != null && mine == token;
  }

  /** The periodic renewal of one claim. */
  private final class Renewal implements Runnable {
    private final PromotionId id;
    private final long token;
    private final UserId by;
    private volatile ScheduledFuture<?> task;

    Renewal(PromotionId id, long token, UserId by) {
      this.id = id;
      this.token = token;
      this.by = by;
    }

    @Override
    public void run() {
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
      running.remove(id, token);
      ScheduledFuture<?> scheduled = task;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
