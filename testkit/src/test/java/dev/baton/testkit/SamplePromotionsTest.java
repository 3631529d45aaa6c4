package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.NotificationKind;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import org.junit.jupiter.api.Test;

class SamplePromotionsTest {

  @Test
  void newPromotionIsVersionOnePendingApproval() {
    Promotion p = SamplePromotions.promotion("p-1");

    assertThat(p.version()).isEqualTo(1);
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(p.project()).isEqualTo(PROJECT);
    assertThat(p.requestedAt()).isEqualTo(T0);
    assertThat(p.history()).hasSize(1);
    assertThat(p).isEqualTo(SamplePromotions.promotion("p-1"));
  }

  @Test
  void nextVersionsCountUpAndRecordTheChange() {
    Promotion v1 = SamplePromotions.promotion("p-1");

    Promotion v2 = SamplePromotions.next(v1, PromotionStatus.PENDING_RELEASE);
    Promotion v3 = SamplePromotions.next(v2, "edited");

    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(v2.history()).hasSize(2);
    assertThat(v2.history().get(1).at()).isAfter(v2.history().get(0).at());
    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.notes()).isEqualTo("edited");
    assertThat(v3.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
  }

  @Test
  void everyFieldFillsEveryOptionalField() {
    Promotion p = SamplePromotions.everyField("p-1");

    assertThat(p.sourceRevision()).isPresent();
    assertThat(p.idempotencyKey()).contains("req-p-1");
    assertThat(p.claim()).isPresent();
    assertThat(p.release()).isPresent();
    assertThat(p.breakGlass()).isPresent();
    assertThat(p.decisions()).hasSize(2);
    assertThat(p.countingApprovals()).isEqualTo(2);
  }

  @Test
  void notificationsDescribeTheirPromotion() {
    Promotion p = SamplePromotions.promotion("p-1");

    var n = SamplePromotions.notification("n-1", NotificationKind.APPROVED, p, T0);

    assertThat(n.promotion()).isEqualTo(p.id());
    assertThat(n.kind()).isEqualTo(NotificationKind.APPROVED);
    assertThat(n.target()).isEqualTo(p.target());
    assertThat(n.recipients()).isNotEmpty();
  }

  @Test
  void pipelineHasAManualProductionStage() {
    var pipeline = SamplePromotions.pipeline(PROJECT);

    assertThat(pipeline.version()).isZero();
    assertThat(pipeline.stages()).hasSize(3);
    assertThat(pipeline.transitions()).hasSize(2);
    assertThat(pipeline.stage(SamplePromotions.PRODUCTION).orElseThrow().deployPolicy())
        .isEqualTo(dev.baton.model.DeployPolicy.MANUAL);
  }
}
