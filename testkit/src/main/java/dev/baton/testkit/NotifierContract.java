package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.NotificationKind;
import dev.baton.model.Promotion;
import dev.baton.model.UserId;
import dev.baton.spi.Notifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link Notifier}, as JUnit 5 tests. Extend it, return a fresh notifier from
 * {@link #newNotifier()} (pointed at a test receiver: a fake mail server, a local webhook
 * endpoint), and answer from {@link #received(Notifier)} what the receiver got.
 *
 * <p>What is checked: every {@link NotificationKind} is delivered; an empty recipient set (meaning
 * "everyone who may approve") and a long, non-ASCII summary are accepted; delivering the same
 * notification id twice is not an error, since delivery is at least once. Test methods are public
 * so that other suites may call them one by one.
 *
 * @since 0.1
 */
public abstract class NotifierContract {
  private Notifier notifier;

  /**
   * A new notifier whose receiver has received nothing yet; called before every test.
   *
   * @since 0.1
   */
  protected abstract Notifier newNotifier();

  /**
   * The ids of the notifications the receiver of {@code notifier} got so far, in any order;
   * a redelivered notification may appear once or twice.
   *
   * @since 0.1
   */
  protected abstract List<NotificationId> received(Notifier notifier);

  /**
   * Creates the notifier under test; JUnit calls it before each test.
   *
   * @since 0.1
   */
  @BeforeEach
  public void createNotifier() {
    notifier = newNotifier();
    assertThat(notifier).as("newNotifier()").isNotNull();
  }

  /**
   * Every kind of notification is delivered.
   *
   * @since 0.1
   */
  @ParameterizedTest
  @EnumSource(NotificationKind.class)
  public void everyKindIsDelivered(NotificationKind kind) {
    Notification n = SamplePromotions.notification("n-" + kind.name().toLowerCase(), kind,
        SamplePromotions.promotion("p-1"), T0);

    notifier.deliver(n);

    assertThat(received(notifier)).contains(n.id());
  }

  /**
   * Several notifications all arrive.
   *
   * @since 0.1
   */
  @Test
  public void severalNotificationsAllArrive() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification a = SamplePromotions.notification("n-1", p, T0);
    Notification b = SamplePromotions.notification("n-2", NotificationKind.APPROVED, p, T0);

    notifier.deliver(a);
    notifier.deliver(b);

    assertThat(received(notifier)).contains(a.id(), b.id());
  }

  /**
   * No recipients and an unusual summary are accepted.
   *
   * @since 0.1
   */
  @Test
  public void emptyRecipientsAndLongSummaryAreAccepted() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification n = new Notification(NotificationId.of("n-1"), NotificationKind.SUBMITTED,
        p.id(), p.project(), p.source(), p.target(), Set.of(),
        "Größe → 3 réplicas; ".repeat(200), T0);
    Notification many = new Notification(NotificationId.of("n-2"), NotificationKind.SUBMITTED,
        p.id(), p.project(), p.source(), p.target(),
        Set.of(UserId.of("a"), UserId.of("b"), UserId.of("c"), UserId.of("d"), UserId.of("e")),
        "", T0);

    notifier.deliver(n);
    notifier.deliver(many);

    assertThat(received(notifier)).contains(n.id(), many.id());
  }

  /**
   * Delivering the same notification again is not an error.
   *
   * @since 0.1
   */
  @Test
  public void redeliveryIsNotAnError() {
    Notification n = SamplePromotions.notification("n-1", SamplePromotions.promotion("p-1"), T0);
    notifier.deliver(n);

    assertThatCode(() -> notifier.deliver(n)).doesNotThrowAnyException();

    assertThat(received(notifier)).contains(n.id());
  }
}
