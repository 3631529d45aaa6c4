package dev.baton.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.BreakGlass;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.ExecutionStep;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Lifecycle#applyInSameChange} against its definition: the event applied to the promotion
 * copied back to the version before, on random promotions in every status and claim step and
 * random events of every kind, so that both the results and the refusals are compared.
 */
class LifecycleSameChangeTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final List<UserId> PEOPLE = List.of(UserId.of("alice"), UserId.of("bob"),
      UserId.of("carol"), UserId.of("dave"));

  /** A promotion and an event, both random. */
  record Case(Promotion promotion, PromotionEvent event) {}

  @Test
  void equalsTheEventAppliedAtTheVersionBefore() {
    int[] applied = new int[1];
    Property.forAll(Gen.of(LifecycleSameChangeTest::draw)).runs(20_000).verify(c -> {
      Promotion changed = c.promotion();
      Promotion before = changed.withVersion(changed.version() - 1);
      Promotion expected;
      try {
        expected = Lifecycle.apply(before, c.event());
      } catch (RuntimeException refusal) {
        assertThatThrownBy(() -> Lifecycle.applyInSameChange(changed, c.event()))
            .isInstanceOf(refusal.getClass())
            .hasMessage(refusal.getMessage());
        if (refusal instanceof BatonException b) {
          assertThatThrownBy(() -> Lifecycle.applyInSameChange(changed, c.event()))
              .isInstanceOfSatisfying(BatonException.class,
                  e -> assertThat(e.code()).isEqualTo(b.code()));
        }
        return;
      }
      applied[0]++;
      assertThat(Lifecycle.applyInSameChange(changed, c.event())).isEqualTo(expected);
      assertThat(expected.version()).isEqualTo(changed.version());
    });
    // the cases are not all refusals: every kind of event was applied many times
    assertThat(applied[0]).isGreaterThan(2_000);
  }

  @Test
  void aClaimInTheSameChangeCarriesTheVersionItIsStoredAtAsItsToken() {
    Promotion read = Promotion.builder().id(PromotionId.of("p-1")).project(SHOP)
        .source(EnvironmentName.of("staging")).target(PRODUCTION).requester(PEOPLE.get(0))
        .requiredApprovals(1).requestedAt(T).version(4).build();
    Promotion approved = Lifecycle.apply(read,
        new PromotionEvent.Approve(PEOPLE.get(1), "", T));
    Promotion claimed = Lifecycle.applyInSameChange(approved,
        new PromotionEvent.Claim("i/x-1", PEOPLE.get(1), T));
    assertThat(claimed.version()).isEqualTo(5);
    assertThat(claimed.claim().orElseThrow().token()).isEqualTo(5);
    assertThat(claimed.decisions()).isEqualTo(approved.decisions());
  }

  @Test
  void refusesAFirstVersion() {
    Promotion first = Promotion.builder().id(PromotionId.of("p-1")).project(SHOP)
        .source(EnvironmentName.of("staging")).target(PRODUCTION).requester(PEOPLE.get(0))
        .requiredApprovals(0).requestedAt(T).build();
    assertThatThrownBy(() -> Lifecycle.applyInSameChange(first,
        new PromotionEvent.Claim("i/x-1", PEOPLE.get(0), T)))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  private static Case draw(Randomness r) {
    return new Case(promotion(r), event(r));
  }

  private static Promotion promotion(Randomness r) {
    PromotionStatus status = pick(r, PromotionStatus.values());
    List<Decision> decisions = new ArrayList<>();
    for (int i = r.nextInt(0, 4); i > 0; i--) {
      // mostly approvals, as stored promotions carry them
      DecisionKind kind = r.nextInt(0, 3) > 0 ? DecisionKind.APPROVE
          : pick(r, DecisionKind.values());
      decisions.add(new Decision(pick(r, PEOPLE), kind, r.nextBoolean() ? "" : "ok", at(r)));
    }
    List<StatusChange> history = new ArrayList<>();
    history.add(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL,
        PEOPLE.get(0), T, "requested"));
    if (status != PromotionStatus.PENDING_APPROVAL) {
      history.add(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL), status,
          pick(r, PEOPLE), at(r), "moved"));
    }
    Optional<ExecutionClaim> claim = r.nextBoolean() ? Optional.empty()
        : Optional.of(new ExecutionClaim("i/x-" + r.nextInt(1, 9),
            pick(r, ExecutionStep.values()), at(r),
            r.nextBoolean() ? Optional.empty() : Optional.of(revision(r)), r.nextInt(1, 20),
            at(r)));
    Optional<Release> release = r.nextBoolean() ? Optional.empty() : Optional.of(release(r));
    Promotion.Builder p = Promotion.builder().id(PromotionId.of("p-" + r.nextInt(1, 3)))
        .project(SHOP).source(EnvironmentName.of("staging")).target(PRODUCTION)
        .requester(PEOPLE.get(0)).requiredApprovals(r.nextInt(0, 3))
        .requesterMayApprove(r.nextBoolean()).rollback(r.nextBoolean()).status(status)
        .claim(claim).release(release)
        .breakGlass(r.nextInt(0, 4) == 0 ? Optional.of(breakGlass(r)) : Optional.empty())
        .requestedAt(T).version(r.nextInt(2, 12));
    decisions.forEach(p::decision);
    history.forEach(p::change);
    return p.build();
  }

  private static PromotionEvent event(Randomness r) {
    UserId by = pick(r, PEOPLE);
    Instant at = at(r);
    String why = r.nextBoolean() ? "" : "because";
    switch (r.nextInt(0, 12)) {
      case 0: return new PromotionEvent.Approve(by, why, at);
      case 1: return new PromotionEvent.Reject(by, why, at);
      case 2: return new PromotionEvent.Withdraw(by, why, at);
      case 3: return new PromotionEvent.Claim("i/x-" + r.nextInt(1, 9), by, at);
      case 4: return new PromotionEvent.Renew(by, at);
      case 5: return new PromotionEvent.Deploying(by, at);
      case 6: return new PromotionEvent.Written(revision(r), by, at);
      case 7: return new PromotionEvent.Released(release(r), by, at);
      case 8: return new PromotionEvent.Finish(pick(r, PromotionStatus.values()), release(r),
          r.nextBoolean() ? Optional.empty() : Optional.of(breakGlass(r)), "done", by, at);
      case 9: return new PromotionEvent.Invalidate("TARGET_CHANGED: moved", by, at);
      case 10: return r.nextBoolean()
          ? new PromotionEvent.Merged(revision(r), "pull request 7 merged", by, at)
          : new PromotionEvent.PullRequestClosed("pull request 7 closed", by, at);
      default: return new PromotionEvent.Abandon("failed", by, at);
    }
  }

  private static Release release(Randomness r) {
    return Release.created(ReleaseId.of("r-" + r.nextInt(1, 5)), revision(r), at(r))
        .withDeploy(pick(r, DeployState.values()), r.nextBoolean() ? "" : "said so",
            Optional.empty(), Optional.empty());
  }

  private static BreakGlass breakGlass(Randomness r) {
    return new BreakGlass(SHOP, PRODUCTION, pick(r, PEOPLE), "incident", T, T.plusSeconds(60));
  }

  private static Revision revision(Randomness r) {
    return Revision.of("rev-" + r.nextInt(1, 5));
  }

  private static Instant at(Randomness r) {
    return T.plusSeconds(r.nextInt(0, 100));
  }

  private static <T> T pick(Randomness r, List<T> values) {
    return values.get(r.nextInt(0, values.size() - 1));
  }

  private static <T> T pick(Randomness r, T[] values) {
    return values[r.nextInt(0, values.length - 1)];
  }
}
