package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.spi.PipelineStore;
import dev.baton.testkit.PipelineStoreContract;
import dev.baton.testkit.SamplePromotions;
import org.junit.jupiter.api.Test;

class InMemoryPipelineStoreTest extends PipelineStoreContract {

  @Override
  protected PipelineStore newStore() {
    return new InMemoryPipelineStore();
  }

  @Test
  void refusesAVersionThatIsNotTheNextOne() {
    InMemoryPipelineStore store = new InMemoryPipelineStore();

    assertThatThrownBy(() -> store.compareAndSet(0, SamplePromotions.pipeline(PROJECT)))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> store.compareAndSet(-1, SamplePromotions.pipeline(PROJECT)))
        .isInstanceOf(BatonException.class);

    assertThat(store.find(PROJECT)).isEmpty();
  }
}
