package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.BreakGlass;
import dev.baton.model.UserId;
import dev.baton.spi.FreezeStore;
import dev.baton.testkit.FreezeStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryFreezeStoreTest extends FreezeStoreContract {

  @Override
  protected FreezeStore newStore() {
    return new InMemoryFreezeStore();
  }

  @Test
  void sessionsStartingTogetherKeepTheOrderRecorded() {
    InMemoryFreezeStore store = new InMemoryFreezeStore();
    BreakGlass first = new BreakGlass(PROJECT, PRODUCTION, UserId.of("zed"), "one", T0,
        T0.plus(Duration.ofHours(1)));
    BreakGlass second = new BreakGlass(PROJECT, PRODUCTION, UserId.of("amy"), "two", T0,
        T0.plus(Duration.ofHours(2)));

    store.addBreakGlass(first);
    store.addBreakGlass(second);

    assertThat(store.breakGlassSessions(PROJECT, PRODUCTION)).containsExactly(first, second);
  }
}
