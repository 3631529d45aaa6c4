package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.DeployState;
import dev.baton.model.PromotionStatus;
import org.junit.jupiter.api.Test;

/** The programs the README quotes run and end where the README says. */
class ExamplesTest {

  @Test
  void embeddingSnippetCompletesThePromotion() {
    var promotion = EmbeddingExample.run();
    assertThat(promotion.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(promotion.release().get().deployState()).isEqualTo(DeployState.DEPLOYED);
    assertThat(promotion.approvers()).hasSize(2);
  }

  @Test
  void inMemoryExampleRuns() {
    InMemoryExample.main(new String[0]);
  }
}
