package dev.baton.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionStep;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CAROL = UserId.of("carol");

  private static Promotion pending(int required) {
    return Promotion.builder().id(PromotionId.of("p-1")).project(ProjectId.of("shop"))
        .source(EnvironmentName.of("staging")).target(EnvironmentName.of("production"))
        .requester(ALICE).requiredApprovals(required).requestedAt(T).build();
  }

  private static ErrorCode refusal(Promotion p, PromotionEvent e) {
    return catchThrowableOfType(BatonException.class, () -> Lifecycle.apply(p, e)).code();
  }

  @Test
  void legalTransitionsTable() {
    assertThat(Lifecycle.isLegal(PromotionStatus.PENDING_APPROVAL, PromotionStatus.REJECTED))
        .isTrue();
    assertThat(Lifecycle.isLegal(PromotionStatus.PENDING_RELEASE, PromotionStatus.COMPLETED))
        .isTrue();
    // only a pull request closed unmerged (MergeEvents) takes a release back
    assertThat(Lifecycle.isLegal(PromotionStatus.PENDING_RELEASE, PromotionStatus.REJECTED))
        .isTrue();
    for (PromotionStatus to : PromotionStatus.values()) {
      assertThat(Lifecycle.isLegal(PromotionStatus.COMPLETED, to)).isFalse();
      assertThat(Lifecycle.isLegal(PromotionStatus.REJECTED, to)).isFalse();
    }
  }

  @Test
  void approvalsCountDistinctPeopleAndAdvanceTheVersion() {
    Promotion p = pending(2);
    Promotion once = Lifecycle.apply(p, new PromotionEvent.Approve(BOB, "", T));
    assertThat(once.version()).isEqualTo(p.version() + 1);
    assertThat(Lifecycle.quorumMet(once)).isFalse();
    assertThat(refusal(once, new PromotionEvent.Approve(BOB, "", T)))
        .isEqualTo(ErrorCode.ALREADY_APPROVED);
    assertThat(refusal(once, new PromotionEvent.Approve(ALICE, "", T)))
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(Lifecycle.quorumMet(Lifecycle.apply(once,
        new PromotionEvent.Approve(CAROL, "", T)))).isTrue();
  }

  @Test
  void approvalsRecordedPerPromotionAreBounded() {
    Promotion p = pending(Lifecycle.MAX_APPROVALS + 50);
    for (int i = 0; i < Lifecycle.MAX_APPROVALS; i++) {
      p = Lifecycle.apply(p, new PromotionEvent.Approve(UserId.of("approver-" + i), "", T));
    }
    Promotion full = p;
    BatonException e = catchThrowableOfType(BatonException.class, () -> Lifecycle.apply(full,
        new PromotionEvent.Approve(CAROL, "", T)));
    assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(e.getMessage()).contains("limit is " + Lifecycle.MAX_APPROVALS);
    assertThat(full.approvals()).hasSize(Lifecycle.MAX_APPROVALS);
  }

  @Test
  void executionStepsRunInOrderAndFinishReleasesTheClaim() {
    Promotion p = pending(0);
    assertThat(refusal(p, new PromotionEvent.Written(Revision.of("c1"), BOB, T)))
        .isEqualTo(ErrorCode.ILLEGAL_STATE);
    Promotion claimed = Lifecycle.apply(p, new PromotionEvent.Claim("engine/x-1", BOB, T));
    assertThat(claimed.claim().get().step()).isEqualTo(ExecutionStep.CLAIMED);
    assertThat(refusal(claimed, new PromotionEvent.Approve(BOB, "", T)))
        .isEqualTo(ErrorCode.ILLEGAL_STATE);
    Release release = Release.created(ReleaseId.of("r-1"), Revision.of("c1"), T);
    assertThat(refusal(claimed, new PromotionEvent.Released(release, BOB, T)))
        .isEqualTo(ErrorCode.ILLEGAL_STATE);
    Promotion written = Lifecycle.apply(claimed,
        new PromotionEvent.Written(Revision.of("c1"), BOB, T));
    Promotion released = Lifecycle.apply(written, new PromotionEvent.Released(release, BOB, T));
    Promotion done = Lifecycle.apply(released, new PromotionEvent.Finish(
        PromotionStatus.COMPLETED, release, Optional.empty(), "deployed", BOB, T));
    assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(done.claim()).isEmpty();
    assertThat(done.history()).extracting(h -> h.to()).containsExactly(PromotionStatus.COMPLETED);
    assertThat(refusal(done, new PromotionEvent.Reject(BOB, "", T)))
        .isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(refusal(done, new PromotionEvent.Claim("engine/x-2", BOB, T)))
        .isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void withdrawIsTheRequestersAndRejectIsAnyones() {
    Promotion p = pending(1);
    assertThat(refusal(p, new PromotionEvent.Withdraw(BOB, "", T)))
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    Promotion withdrawn = Lifecycle.apply(p, new PromotionEvent.Withdraw(ALICE, "old", T));
    assertThat(withdrawn.status()).isEqualTo(PromotionStatus.REJECTED);
    assertThat(withdrawn.withdrawn()).isTrue();
    Promotion rejected = Lifecycle.apply(p, new PromotionEvent.Reject(BOB, "no", T));
    assertThat(rejected.withdrawn()).isFalse();
    assertThat(rejected.history().get(0).reason()).isEqualTo("rejected: no");
  }
}
