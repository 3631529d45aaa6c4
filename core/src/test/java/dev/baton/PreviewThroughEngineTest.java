package dev.baton;

import static dev.baton.Errors.refused;
import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static dev.baton.World.PRODUCTION;
import static dev.baton.World.SHOP;
import static dev.baton.World.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryCommitStatusReporter;
import dev.baton.model.CommitState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Promotion;
import dev.baton.preview.Preview;
import dev.baton.preview.PreviewAction;
import dev.baton.preview.PreviewFormat;
import dev.baton.preview.PreviewItem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviewThroughEngineTest {

  @Test
  void previewShowsWhatTheTransitionCarriesAndMatchesTheRequestSummary() {
    try (World world = World.create()) {
      Preview preview = world.baton.previews().preview(SHOP, STAGING, PRODUCTION);
      assertThat(preview.workloads()).anySatisfy(w -> {
        assertThat(w.imageTag().action()).isEqualTo(PreviewAction.UPDATE);
        assertThat(w.imageTag().source()).contains("1.3.2");
        assertThat(w.imageTag().target()).contains("1.3.0");
      });
      // Variables stay per environment, so the resolved URL differs but is not changed.
      assertThat(preview.values()).filteredOn(v -> v.key().equals("values.yaml:url"))
          .singleElement().satisfies(v -> {
            assertThat(v.action()).isEqualTo(PreviewAction.NO_CHANGE);
            assertThat(v.source()).contains("https://staging.example.com/");
          });
      Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
          "production", "alice"));
      assertThat(p.changes()).isEqualTo(preview.summary());
      assertThat(PreviewFormat.toJson(preview)).contains("\"update\"");
      refused(ErrorCode.INVALID_STAGE_TRANSITION, () -> world.baton.previews().preview(SHOP,
          PRODUCTION, STAGING));
    }
  }

  @Test
  void driftInTheTargetSinceTheLastPromotionIsAConflict() {
    try (World world = World.create()) {
      Promotion first = world.promotions().request(PromotionRequest.of("shop", "staging",
          "production", "alice"));
      world.promotions().approve(first.id(), BOB, "");
      world.promotions().approve(first.id(), CAROL, "");
      assertThat(world.baton.previews().preview(SHOP, STAGING, PRODUCTION).summary()
          .conflicts()).isZero();

      // Someone hot-fixes production by hand, then staging moves on.
      Map<String, String> drifted = new java.util.LinkedHashMap<>(
          world.environments.read(SHOP, PRODUCTION).files());
      drifted.put("values.yaml", drifted.get("values.yaml").replace("1.3.2", "1.3.2-hotfix"));
      world.environments.seed(SHOP, PRODUCTION, drifted);
      world.environments.seed(SHOP, STAGING, World.files("staging", "1.5.0", 2));

      Preview preview = world.baton.previews().preview(SHOP, STAGING, PRODUCTION);
      assertThat(preview.summary().conflicts()).isPositive();
      assertThat(preview.workloads()).anySatisfy(w -> {
        PreviewItem tag = w.imageTag();
        assertThat(tag.conflict()).isTrue();
        assertThat(tag.target()).contains("1.3.2-hotfix");
        assertThat(tag.source()).contains("1.5.0");
      });
    }
  }

  @Test
  void progressIsReportedAgainstTheCommit() {
    InMemoryCommitStatusReporter reports = new InMemoryCommitStatusReporter();
    try (World world = World.create(b -> b.commitStatusReporter(reports))) {
      Promotion p = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
          "alice"));
      assertThat(reports.reports()).extracting(r -> r.state())
          .containsExactly(CommitState.PENDING, CommitState.SUCCESS);
      assertThat(reports.reports()).allSatisfy(r -> {
        assertThat(r.revision()).isEqualTo(p.release().get().revision());
        assertThat(r.environment()).isEqualTo(EnvironmentName.of("staging"));
      });
    }
  }
}
