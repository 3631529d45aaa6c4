package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.NotificationKind;
import dev.baton.model.Promotion;
import dev.baton.spi.Notifier;
import dev.baton.testkit.NotifierContract;
import dev.baton.testkit.SamplePromotions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InMemoryNotifierTest extends NotifierContract {

  @Override
  protected Notifier newNotifier() {
    return new InMemoryNotifier();
  }

  @Override
  protected List<NotificationId> received(Notifier notifier) {
    return ((InMemoryNotifier) notifier).delivered().stream().map(Notification::id).toList();
  }

  @Test
  void keepsDeliveriesInOrderWithRedeliveries() {
    InMemoryNotifier notifier = new InMemoryNotifier();
    Promotion p = SamplePromotions.promotion("p-1");
    Notification a = SamplePromotions.notification("n-1", p, T0);
    Notification b = SamplePromotions.notification("n-2", NotificationKind.COMPLETED, p, T0);

    notifier.deliver(a);
    notifier.deliver(b);
    notifier.deliver(a);

    assertThat(notifier.delivered()).containsExactly(a, b, a);
    notifier.clear();
    assertThat(notifier.delivered()).isEmpty();
  }

  @Test
  void failingNotifierThrowsForSelectedNotificationsAndKeepsTheRest() {
    AtomicBoolean down = new AtomicBoolean(true);
    InMemoryNotifier notifier = InMemoryNotifier.failingWhen(n -> down.get());
    Notification n = SamplePromotions.notification("n-1", SamplePromotions.promotion("p-1"), T0);

    assertThatThrownBy(() -> notifier.deliver(n)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("n-1");
    assertThat(notifier.delivered()).isEmpty();

    down.set(false);
    notifier.deliver(n);
    assertThat(notifier.delivered()).containsExactly(n);
  }
}
