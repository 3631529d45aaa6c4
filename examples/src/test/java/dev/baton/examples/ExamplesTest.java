package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.DeployState;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The programs the README quotes run, print and end where the README says. */
class ExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void embeddingSnippetPrintsThePreviewShowsTheRefusalByCodeAndCompletesThePromotion() {
    Promotion promotion = EmbeddingExample.run(out);

    assertThat(promotion.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(promotion.release().get().deployState()).isEqualTo(DeployState.DEPLOYED);
    assertThat(promotion.approvers()).containsExactlyInAnyOrder(UserId.of("bob"),
        UserId.of("carol"));
    assertThat(printed()).contains("source: staging").contains("target: production")
        .contains("-  tag: \"1.3.0\"").contains("+  tag: \"1.4.0\"");
    assertThat(printed().lines()).contains("refused: ALREADY_APPROVED");
  }

  @Test
  void inMemoryExampleRunsTheSeedPipelineAndHandlesTheRefusalByItsCode() {
    List<Promotion> promotions = InMemoryExample.run(out);

    assertThat(promotions).extracting(p -> p.source() + " -> " + p.target() + " "
        + p.status()).containsExactly(
            "dev -> staging COMPLETED",
            "dev -> qa COMPLETED",
            "staging -> production COMPLETED",
            "qa -> production REJECTED");
    Promotion toProduction = promotions.get(2);
    assertThat(toProduction.release().get().deployState()).isEqualTo(DeployState.DEPLOYED);
    assertThat(printed())
        .containsPattern("staging -> production requested +p-\\S+ staging -> production"
            + "  PENDING_APPROVAL")
        .contains("  bob approving twice is refused: ALREADY_APPROVED (HTTP 409)")
        .containsPattern("deployed by hand +p-\\S+ staging -> production  COMPLETED  release"
            + " r-\\S+ DEPLOYED")
        .contains("qa -> production rejected");
    assertThat(printed().lines()).contains("production commits: ");
    assertThat(printed().lines().filter(l -> l.contains("approved by ["))).singleElement()
        .asString().contains("[" + toProduction.id() + "]").contains("bob").contains("carol");
  }
}
