package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.BOB;
import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.spi.PromotionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link PromotionStoreContract} on the last release into a target: the statuses
 * counted, ties, the window, random histories against a page of {@code query}. Not API: extend
 * {@link PromotionStoreContract}.
 */
abstract class LastReleaseChecks extends PromotionQueryChecks {
  // ------------------------------------------------------------------------------ last release

  /**
   * Without a COMPLETED or PENDING_RELEASE promotion into the target there is no last release:
   * a release on a promotion still pending approval (an execution in progress) or rejected
   * (its pull request closed) does not count, nor one into another target or project.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseCountsReleasedStatusesOfTheTargetOnly() {
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEmpty();
    insertAll(
        released("l-a", PROJECT, PRODUCTION, 1, PromotionStatus.PENDING_APPROVAL, 9),
        released("l-b", PROJECT, PRODUCTION, 2, PromotionStatus.REJECTED, 9),
        released("l-c", PROJECT, STAGING, 3, PromotionStatus.COMPLETED, 9),
        released("l-d", OTHER_PROJECT, PRODUCTION, 4, PromotionStatus.COMPLETED, 9),
        SamplePromotions.builder("l-e").status(PromotionStatus.COMPLETED).build());

    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEmpty();
    assertThat(store().lastRelease(PROJECT, STAGING).map(r -> r.id().value()))
        .contains("r-l-c");
    assertThat(store().lastRelease(OTHER_PROJECT, PRODUCTION).map(r -> r.id().value()))
        .contains("r-l-d");
  }

  /**
   * The last release is the one created last, whatever the order of the requests, of a
   * COMPLETED or a PENDING_RELEASE promotion, and it is answered whole.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseIsTheReleaseCreatedLast() {
    Promotion late = released("l-b", PROJECT, PRODUCTION, 1, PromotionStatus.PENDING_RELEASE, 8);
    insertAll(
        released("l-a", PROJECT, PRODUCTION, 2, PromotionStatus.COMPLETED, 5),
        late,
        released("l-c", PROJECT, PRODUCTION, 3, PromotionStatus.COMPLETED, 7));

    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEqualTo(late.release());
  }

  /**
   * Of releases created at the same instant, the answer is the one of the promotion first in
   * {@link PromotionStore#query}'s order: requested last, then the greater id.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseBreaksTiesByTheQueryOrder() {
    insertAll(
        released("l-a", PROJECT, PRODUCTION, 1, PromotionStatus.COMPLETED, 5),
        released("l-b", PROJECT, PRODUCTION, 2, PromotionStatus.COMPLETED, 5),
        released("l-c", PROJECT, PRODUCTION, 2, PromotionStatus.PENDING_RELEASE, 5),
        released("l-d", PROJECT, PRODUCTION, 0, PromotionStatus.COMPLETED, 5));

    assertThat(store().lastRelease(PROJECT, PRODUCTION).map(r -> r.id().value()))
        .contains("r-l-c");
  }

  /**
   * Only the newest {@value PromotionStore#LAST_RELEASE_WINDOW} released promotions by request
   * are looked at (a released promotion without a release takes a place too): a later release
   * of a promotion requested before them is not the answer.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseLooksAtTheNewestReleasedPromotionsOnly() {
    int window = PromotionStore.LAST_RELEASE_WINDOW;
    insertAll(released("l-old", PROJECT, PRODUCTION, 0, PromotionStatus.COMPLETED, 100));
    for (int i = 1; i < window; i++) {
      insertAll(released("l-" + i, PROJECT, PRODUCTION, i, PromotionStatus.COMPLETED, i));
    }
    insertAll(released("l-pending", PROJECT, PRODUCTION, window + 5,
        PromotionStatus.PENDING_APPROVAL, 0));
    assertThat(store().lastRelease(PROJECT, PRODUCTION).map(r -> r.id().value()))
        .as("l-old is the newest but one of %d", window).contains("r-l-old");

    insertAll(SamplePromotions.builder("l-bare").requestedAt(hours(window))
        .status(PromotionStatus.COMPLETED).build());
    assertThat(store().lastRelease(PROJECT, PRODUCTION).map(r -> r.id().value()))
        .contains("r-l-" + (window - 1));
  }

  /**
   * The answer follows the latest version of each promotion: a release that changes its
   * revision (a merged pull request) and a PENDING_RELEASE promotion that is rejected.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseFollowsTheLatestVersions() {
    Promotion older = released("l-a", PROJECT, PRODUCTION, 1, PromotionStatus.COMPLETED, 2);
    Promotion waiting = released("l-b", PROJECT, PRODUCTION, 2,
        PromotionStatus.PENDING_RELEASE, 3);
    insertAll(older, waiting);
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEqualTo(waiting.release());

    Release merged = new Release(waiting.release().get().id(), Revision.of("merged-1"),
        waiting.release().get().createdAt(), DeployState.WAITING, "", Optional.empty(),
        Optional.empty());
    Promotion landed = waiting.toBuilder().release(Optional.of(merged)).version(2).build();
    assertThat(store().compareAndSet(1, landed, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).contains(merged);

    assertThat(store().compareAndSet(2, SamplePromotions.next(landed, PromotionStatus.REJECTED),
        List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEqualTo(older.release());
  }

  /**
   * On random histories (projects, targets, statuses, equal request times and release times,
   * compare-and-sets), the answer is the one the engine computed before the store answered it:
   * a page of {@value PromotionStore#LAST_RELEASE_WINDOW} COMPLETED or PENDING_RELEASE
   * promotions from {@link PromotionStore#query}, the release created last, the first of equal
   * ones. A failure names its seed.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseAnswersAsThePageOfReleasesOnRandomHistories() {
    List<ProjectId> projects = List.of(PROJECT, OTHER_PROJECT);
    List<EnvironmentName> targets = List.of(PRODUCTION, STAGING);
    PromotionStatus[] statuses = PromotionStatus.values();
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      String prefix = "h" + seed + "-";
      List<Promotion> stored = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        boolean hasRelease = random.nextInt(4) != 0;
        Promotion p = SamplePromotions.builder(prefix + random.nextInt(1000) + "-" + i)
            .project(projects.get(random.nextInt(4) == 0 ? 1 : 0))
            .target(targets.get(random.nextInt(5) == 0 ? 1 : 0))
            .requestedAt(hours(random.nextInt(30)))
            .status(statuses[random.nextInt(statuses.length)])
            .release(hasRelease ? Optional.of(release(prefix + i, hours(random.nextInt(12))))
                : Optional.empty())
            .build();
        insertAll(p);
        stored.add(p);
        if (random.nextInt(3) == 0) {
          // a later version of an earlier promotion: another status, release or both
          int at = random.nextInt(stored.size());
          Promotion current = stored.get(at);
          Promotion.Builder next = current.toBuilder().version(current.version() + 1);
          if (random.nextBoolean()) {
            next.status(statuses[random.nextInt(statuses.length)]);
          }
          if (random.nextBoolean()) {
            next.release(Optional.of(release(prefix + i + "-v", hours(random.nextInt(12)))));
          }
          Promotion changed = next.build();
          assertThat(store().compareAndSet(current.version(), changed, List.of()))
              .as("seed %d", seed).isEqualTo(CasResult.APPLIED);
          stored.set(at, changed);
        }
        if (i % 6 == 5) {
          for (ProjectId project : projects) {
            for (EnvironmentName target : targets) {
              assertThat(store().lastRelease(project, target))
                  .as("seed %d after %d promotions, %s into %s", seed, i + 1, project, target)
                  .isEqualTo(lastReleaseFromAPage(project, target));
            }
          }
        }
      }
    }
  }

  /** The engine's own answer before the store had {@code lastRelease}, as it was written. */
  private Optional<Release> lastReleaseFromAPage(ProjectId project, EnvironmentName target) {
    PromotionQuery query = new PromotionQuery(Optional.of(project), Optional.of(target),
        Set.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, 20);
    Release newest = null;
    for (Promotion p : store().query(query).items()) {
      Release release = p.release().orElse(null);
      if (release != null
          && (newest == null || release.createdAt().isAfter(newest.createdAt()))) {
        newest = release;
      }
    }
    return Optional.ofNullable(newest);
  }

  private static Promotion released(String id, ProjectId project, EnvironmentName target,
      int requestedHour, PromotionStatus status, int releasedHour) {
    return SamplePromotions.builder(id)
        .project(project)
        .source(target.equals(STAGING) ? SamplePromotions.DEV : STAGING)
        .target(target)
        .requestedAt(hours(requestedHour))
        .status(status)
        .release(Optional.of(release(id, hours(releasedHour))))
        .build();
  }

  private static Release release(String id, Instant at) {
    return new Release(ReleaseId.of("r-" + id), Revision.of("rev-" + id), at,
        DeployState.DEPLOYED, "deployed", Optional.of(at), Optional.of(BOB));
  }

}
