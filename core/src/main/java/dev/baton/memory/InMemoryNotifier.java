package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.Notification;
import dev.baton.spi.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A {@link Notifier} that keeps what it was given in memory instead of sending it, for tests and
 * demos that check who was told what. Redeliveries are kept too, so a test sees the
 * at-least-once delivery as it happened. Built with {@link #failingWhen(Predicate)} it refuses
 * some notifications, to exercise the outbox's retries.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryNotifier implements Notifier {
  private final Predicate<Notification> fails;
  private final List<Notification> delivered = new CopyOnWriteArrayList<>();

  private InMemoryNotifier(Predicate<Notification> fails) {
    this.fails = fails;
  }

  /**
   * A notifier that accepts everything.
   *
   * @since 0.1
   */
  public InMemoryNotifier() {
    this(n -> false);
  }

  /**
   * A notifier that throws (so the engine retries later) for every notification the predicate
   * selects, and keeps the others. The predicate is evaluated on the delivering thread; it may
   * consult state the test changes, such as an {@code AtomicBoolean}.
   *
   * @since 0.1
   */
  public static InMemoryNotifier failingWhen(Predicate<Notification> fails) {
    return new InMemoryNotifier(Arguments.notNull(fails, "predicate"));
  }

  /** Keeps the notification, or throws {@link IllegalStateException} if it is to fail. */
  @Override
  public void deliver(Notification notification) {
    Arguments.notNull(notification, "notification");
    if (fails.test(notification)) {
      throw new IllegalStateException("delivery refused (in-memory notifier set to fail): "
          + notification.id());
    }
    delivered.add(notification);
  }

  /**
   * Every notification delivered so far, in delivery order, redeliveries included.
   *
   * @since 0.1
   */
  public List<Notification> delivered() {
    return List.copyOf(delivered);
  }

  /**
   * Forgets what was delivered.
   *
   * @since 0.1
   */
  public void clear() {
    delivered.clear();
  }
}
