package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.spi.PipelineStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PipelineStore}, as JUnit 5 tests. Extend it and return a fresh, empty
 * store from {@link #newStore()}.
 *
 * <p>What is checked: a pipeline is stored whole (stages, policies, transitions, scopes) with its
 * version; version 0 means "none stored yet"; compare-and-set outcomes; projects stay apart; 16
 * threads racing on one version yield one winner. Test methods are public so that other suites
 * may call them one by one.
 *
 * @since 0.1
 */
public abstract class PipelineStoreContract extends StoreContract<PipelineStore> {
  private static final int RACERS = 16;
  private static final int ROUNDS = 20;

  /**
   * An empty store has no pipeline and no project.
   *
   * @since 0.1
   */
  @Test
  public void emptyStoreHasNothing() {
    assertThat(store().find(PROJECT)).isEmpty();
    assertThat(store().projects()).isEmpty();
  }

  /**
   * The first pipeline is stored from version 0 and found whole, as version 1.
   *
   * @since 0.1
   */
  @Test
  public void firstPipelineIsStoredFromVersionZero() {
    Pipeline v1 = SamplePromotions.pipeline(PROJECT).withVersion(1);

    assertThat(store().compareAndSet(0, v1)).isEqualTo(CasResult.APPLIED);

    assertThat(store().find(PROJECT)).contains(v1);
    assertThat(store().projects()).containsExactly(PROJECT);
  }

  /**
   * Version 0 is refused once a pipeline is stored.
   *
   * @since 0.1
   */
  @Test
  public void versionZeroIsRefusedOnceStored() {
    Pipeline v1 = SamplePromotions.pipeline(PROJECT).withVersion(1);
    store().compareAndSet(0, v1);
    Pipeline other = Pipeline.builder(PROJECT).stage("qa").build().withVersion(1);

    assertThat(store().compareAndSet(0, other)).isEqualTo(CasResult.VERSION_MISMATCH);

    assertThat(store().find(PROJECT)).contains(v1);
  }

  /**
   * A replacement on the stored version applies; on any other version it is refused.
   *
   * @since 0.1
   */
  @Test
  public void replacementNeedsTheStoredVersion() {
    Pipeline v1 = SamplePromotions.pipeline(PROJECT).withVersion(1);
    store().compareAndSet(0, v1);
    Pipeline v2 = Pipeline.builder(PROJECT).stage("dev").stage("prod")
        .transition("dev", "prod", 1).build().withVersion(2);

    assertThat(store().compareAndSet(1, v2)).isEqualTo(CasResult.APPLIED);
    assertThat(store().find(PROJECT)).contains(v2);

    assertThat(store().compareAndSet(1, v1.withVersion(2))).isEqualTo(CasResult.VERSION_MISMATCH);
    assertThat(store().compareAndSet(5, v1.withVersion(6))).isEqualTo(CasResult.VERSION_MISMATCH);
    assertThat(store().find(PROJECT)).contains(v2);
  }

  /**
   * A replacement of a pipeline never stored is NOT_FOUND and stores nothing.
   *
   * @since 0.1
   */
  @Test
  public void replacementOfAMissingPipelineIsNotFound() {
    assertThat(store().compareAndSet(3, SamplePromotions.pipeline(PROJECT).withVersion(4)))
        .isEqualTo(CasResult.NOT_FOUND);

    assertThat(store().find(PROJECT)).isEmpty();
    assertThat(store().projects()).isEmpty();
  }

  /**
   * Each project has its own pipeline and version.
   *
   * @since 0.1
   */
  @Test
  public void projectsStayApart() {
    Pipeline mine = SamplePromotions.pipeline(PROJECT).withVersion(1);
    Pipeline theirs = Pipeline.builder(OTHER_PROJECT).stage("a").stage("b")
        .transition("a", "b", 0).build().withVersion(1);

    assertThat(store().compareAndSet(0, mine)).isEqualTo(CasResult.APPLIED);
    assertThat(store().compareAndSet(0, theirs)).isEqualTo(CasResult.APPLIED);

    assertThat(store().find(PROJECT)).contains(mine);
    assertThat(store().find(OTHER_PROJECT)).contains(theirs);
    assertThat(store().projects()).containsExactlyInAnyOrder(PROJECT, OTHER_PROJECT);
    assertThat(store().find(ProjectId.of("nobody"))).isEmpty();
  }

  /**
   * 16 threads replace the same version at once, round after round: exactly one wins.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneReplacementWinsEachRound() {
    store().compareAndSet(0, SamplePromotions.pipeline(PROJECT).withVersion(1));

    for (int round = 0; round < ROUNDS; round++) {
      long expected = round + 1;
      List<CasResult> results = Races.race(RACERS, i -> {
        Pipeline next = Pipeline.builder(PROJECT).stage("s" + i).build()
            .withVersion(expected + 1);
        return () -> store().compareAndSet(expected, next);
      });

      assertThat(results).filteredOn(r -> r == CasResult.APPLIED).as("round %d", round)
          .hasSize(1);
      assertThat(results).filteredOn(r -> r == CasResult.VERSION_MISMATCH)
          .hasSize(RACERS - 1);
      int winner = results.indexOf(CasResult.APPLIED);
      Pipeline stored = store().find(PROJECT).orElseThrow();
      assertThat(stored.version()).isEqualTo(expected + 1);
      assertThat(stored.stages()).extracting(s -> s.environment().value())
          .containsExactly("s" + winner);
    }
  }
}
