package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request to move a source environment's configuration into a target environment, with
 * everything that happened to it. Immutable; every change produces a new value with
 * {@code version + 1}, which stores use for compare-and-set.
 *
 * @param id identity
 * @param project the project
 * @param source the environment whose values are promoted
 * @param target the environment that receives them
 * @param sourceRevision the source's revision at request time: what the approvers saw in the
 *     preview is what gets promoted, even if the source moves on (empty for a source that had no
 *     revision)
 * @param requester who asked
 * @param notes the requester's notes, empty when none
 * @param idempotencyKey the caller's key: a second request with the same key returns this one
 * @param requiredApprovals distinct approvals needed, fixed at request time
 * @param requesterMayApprove whether the requester's own approval counts (fixed at request time)
 * @param scope the categories the promotion moves, fixed at request time
 * @param rules the pipeline rules the promotion moves by, fixed at request time
 * @param targetRevision the target's revision at request time: the preview approvers see is
 *     pinned to it and to {@code sourceRevision}, and execution refuses when the target has
 *     since changed in what the promotion moves
 * @param rollback whether it was requested as a rollback, which may move versions backwards
 * @param changes change counts from the preview at request time
 * @param status the public status
 * @param decisions approvals, the rejection or the withdrawal, in order
 * @param history every status change with who and when
 * @param claim execution progress while the promotion executes
 * @param release the release, once the promotion executed
 * @param breakGlass the break-glass session that let its deployment through, if any
 * @param requestedAt when it was requested
 * @param version storage version, starting at 1
 * @since 0.1
 */
public record Promotion(
    PromotionId id,
    ProjectId project,
    EnvironmentName source,
    EnvironmentName target,
    Optional<Revision> sourceRevision,
    UserId requester,
    String notes,
    Optional<String> idempotencyKey,
    int requiredApprovals,
    boolean requesterMayApprove,
    Set<PromotableProperty> scope,
    List<PromotionRule> rules,
    Optional<Revision> targetRevision,
    boolean rollback,
    ChangeSummary changes,
    PromotionStatus status,
    List<Decision> decisions,
    List<StatusChange> history,
    Optional<ExecutionClaim> claim,
    Optional<Release> release,
    Optional<BreakGlass> breakGlass,
    Instant requestedAt,
    long version) {

  /**
   * Validates and defensively copies.
   *
   * @param id identity
   * @param project the project
   * @param source the environment whose values are promoted
   * @param target the environment that receives them
   * @param sourceRevision the source's revision at request time: what the approvers saw in the
   *     preview is what gets promoted, even if the source moves on (empty for a source that had no
   *     revision)
   * @param requester who asked
   * @param notes the requester's notes, empty when none
   * @param idempotencyKey the caller's key: a second request with the same key returns this one
   * @param requiredApprovals distinct approvals needed, fixed at request time
   * @param requesterMayApprove whether the requester's own approval counts (fixed at request time)
   * @param scope the categories the promotion moves, fixed at request time
   * @param rules the pipeline rules the promotion moves by, fixed at request time
   * @param targetRevision the target's revision at request time: the preview approvers see is
   *     pinned to it and to {@code sourceRevision}, and execution refuses when the target has
   *     since changed in what the promotion moves
   * @param rollback whether it was requested as a rollback, which may move versions backwards
   * @param changes change counts from the preview at request time
   * @param status the public status
   * @param decisions approvals, the rejection or the withdrawal, in order
   * @param history every status change with who and when
   * @param claim execution progress while the promotion executes
   * @param release the release, once the promotion executed
   * @param breakGlass the break-glass session that let its deployment through, if any
   * @param requestedAt when it was requested
   * @param version storage version, starting at 1
   * @since 0.1
   */
  public Promotion {
    Arguments.notNull(id, "promotion id");
    Arguments.notNull(project, "project");
    Arguments.notNull(source, "source");
    Arguments.notNull(target, "target");
    Arguments.notNull(sourceRevision, "source revision");
    Arguments.notNull(requester, "requester");
    notes = Checks.text(notes);
    Arguments.notNull(idempotencyKey, "idempotency key");
    Checks.nonNegative(requiredApprovals, "required approvals");
    scope = Set.copyOf(Arguments.notNull(scope, "scope"));
    // state written before rules and pinned targets existed reads them as absent
    rules = rules == null ? List.of() : List.copyOf(rules);
    targetRevision = targetRevision == null ? Optional.empty() : targetRevision;
    Arguments.notNull(changes, "change summary");
    Arguments.notNull(status, "status");
    decisions = List.copyOf(Arguments.notNull(decisions, "decisions"));
    history = List.copyOf(Arguments.notNull(history, "history"));
    Arguments.notNull(claim, "claim");
    Arguments.notNull(release, "release");
    Arguments.notNull(breakGlass, "break-glass");
    Arguments.notNull(requestedAt, "request time");
    if (version < 1) {
      throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
          "promotion version must be >= 1");
    }
  }

  /**
   * The approvals recorded so far, in order.
   *
   * @return the approvals, oldest first
   * @since 0.1
   */
  public List<Decision> approvals() {
    // loops, not streams, here and below: the engine asks on every step it records
    List<Decision> approvals = new ArrayList<>(decisions.size());
    for (Decision d : decisions) {
      if (d.kind() == DecisionKind.APPROVE) {
        approvals.add(d);
      }
    }
    return Collections.unmodifiableList(approvals);
  }

  /**
   * The distinct people who approved.
   *
   * @return an immutable set of who approved
   * @since 0.1
   */
  public Set<UserId> approvers() {
    Set<UserId> approvers = new HashSet<>();
    for (Decision d : decisions) {
      if (d.kind() == DecisionKind.APPROVE) {
        approvers.add(d.by());
      }
    }
    return Set.copyOf(approvers);
  }

  /**
   * The approvals that count toward the quorum (the requester's own only if allowed).
   *
   * @return how many distinct approvers count
   * @since 0.1
   */
  public int countingApprovals() {
    int count = 0;
    for (UserId approver : approvers()) {
      if (requesterMayApprove || !approver.equals(requester)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The rejection or withdrawal that ended the promotion, if any.
   *
   * @return the closing decision, or empty while none was made
   * @since 0.1
   */
  public Optional<Decision> closingDecision() {
    return decisions.stream().filter(d -> d.kind() != DecisionKind.APPROVE).findFirst();
  }

  /**
   * Whether the requester withdrew the promotion.
   *
   * @return {@code true} when the closing decision is a withdrawal
   * @since 0.1
   */
  public boolean withdrawn() {
    return closingDecision().map(d -> d.kind() == DecisionKind.WITHDRAW).orElse(false);
  }

  /**
   * When it reached a terminal status, if it did.
   *
   * @return the time of its last status change when terminal, else empty
   * @since 0.1
   */
  public Optional<Instant> completedAt() {
    return status.isTerminal() && !history.isEmpty()
        ? Optional.of(history.get(history.size() - 1).at())
        : Optional.empty();
  }

  /**
   * Time from request to its terminal status, or to {@code now} while still open.
   *
   * @param now the current time, used while the promotion is open
   * @return the time from request to end (or to {@code now})
   * @since 0.1
   */
  public Duration duration(Instant now) {
    return Duration.between(requestedAt, completedAt().orElse(now));
  }

  /**
   * This promotion at another storage version, everything else the same: what
   * {@code toBuilder().version(version).build()} gives, without a builder.
   *
   * @param version storage version, starting at 1
   * @return the promotion at that version; this promotion when it is at that version already
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} when {@code version < 1}
   * @since 0.1
   */
  public Promotion withVersion(long version) {
    if (version == this.version) {
      return this;
    }
    return new Promotion(id, project, source, target, sourceRevision, requester, notes,
        idempotencyKey, requiredApprovals, requesterMayApprove, scope, rules, targetRevision,
        rollback, changes, status, decisions, history, claim, release, breakGlass, requestedAt,
        version);
  }

  /**
   * A builder holding a copy of this promotion, for producing the next version.
   *
   * @return a builder for the next version; this promotion is unchanged
   * @since 0.1
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A builder for a new promotion.
   *
   * @return an empty builder
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Single-use builder; {@link #build()} validates. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private PromotionId id;
    private ProjectId project;
    private EnvironmentName source;
    private EnvironmentName target;
    private Optional<Revision> sourceRevision = Optional.empty();
    private UserId requester;
    private String notes = "";
    private Optional<String> idempotencyKey = Optional.empty();
    private int requiredApprovals;
    private boolean requesterMayApprove;
    // set by the constructors: a field initializer would make a default set for every copy too
    private Set<PromotableProperty> scope;
    private List<PromotionRule> rules = List.of();
    private Optional<Revision> targetRevision = Optional.empty();
    private boolean rollback;
    private ChangeSummary changes = ChangeSummary.NONE;
    private PromotionStatus status = PromotionStatus.PENDING_APPROVAL;
    // Copied on the first append only: a builder made from a promotion shares its immutable
    // lists until then, and build() does not copy them again (List.copyOf keeps them).
    private List<Decision> decisions = List.of();
    private List<StatusChange> history = List.of();
    private boolean decisionsOwned;
    private boolean historyOwned;
    private Optional<ExecutionClaim> claim = Optional.empty();
    private Optional<Release> release = Optional.empty();
    private Optional<BreakGlass> breakGlass = Optional.empty();
    private Instant requestedAt;
    private long version = 1;

    private Builder() {
      scope = PromotableProperty.defaults();
    }

    private Builder(Promotion p) {
      id = p.id;
      project = p.project;
      source = p.source;
      target = p.target;
      sourceRevision = p.sourceRevision;
      requester = p.requester;
      notes = p.notes;
      idempotencyKey = p.idempotencyKey;
      requiredApprovals = p.requiredApprovals;
      requesterMayApprove = p.requesterMayApprove;
      scope = p.scope;
      rules = p.rules;
      targetRevision = p.targetRevision;
      rollback = p.rollback;
      changes = p.changes;
      status = p.status;
      decisions = p.decisions;
      history = p.history;
      claim = p.claim;
      release = p.release;
      breakGlass = p.breakGlass;
      requestedAt = p.requestedAt;
      version = p.version;
    }

    /**
     * Sets the id.
     *
     * @param value identity
     * @return this builder
     * @since 0.1
     */
    public Builder id(PromotionId value) { id = value; return this; }

    /**
     * Sets the project.
     *
     * @param value the project
     * @return this builder
     * @since 0.1
     */
    public Builder project(ProjectId value) { project = value; return this; }

    /**
     * Sets the source environment.
     *
     * @param value the environment whose values are promoted
     * @return this builder
     * @since 0.1
     */
    public Builder source(EnvironmentName value) { source = value; return this; }

    /**
     * Sets the target environment.
     *
     * @param value the environment that receives them
     * @return this builder
     * @since 0.1
     */
    public Builder target(EnvironmentName value) { target = value; return this; }

    /**
     * Sets the source revision the promotion carries.
     *
     * @param value the source's revision at request time: what the approvers saw in the preview is
     *     what gets promoted, even if the source moves on (empty for a source that had no revision)
     * @return this builder
     * @since 0.1
     */
    public Builder sourceRevision(Optional<Revision> value) { sourceRevision = value; return this; }

    /**
     * Sets the requester.
     *
     * @param value who asked
     * @return this builder
     * @since 0.1
     */
    public Builder requester(UserId value) { requester = value; return this; }

    /**
     * Sets the notes.
     *
     * @param value the requester's notes, empty when none
     * @return this builder
     * @since 0.1
     */
    public Builder notes(String value) { notes = value; return this; }

    /**
     * Sets the idempotency key.
     *
     * @param value the caller's key: a second request with the same key returns this one
     * @return this builder
     * @since 0.1
     */
    public Builder idempotencyKey(Optional<String> value) { idempotencyKey = value; return this; }

    /**
     * Sets the required approvals.
     *
     * @param value distinct approvals needed, fixed at request time
     * @return this builder
     * @since 0.1
     */
    public Builder requiredApprovals(int value) { requiredApprovals = value; return this; }

    /**
     * Sets whether the requester's approval counts.
     *
     * @param value whether the requester's own approval counts (fixed at request time)
     * @return this builder
     * @since 0.1
     */
    public Builder requesterMayApprove(boolean value) { requesterMayApprove = value; return this; }

    /**
     * Sets the scope.
     *
     * @param value the categories the promotion moves, fixed at request time
     * @return this builder
     * @since 0.1
     */
    public Builder scope(Set<PromotableProperty> value) { scope = value; return this; }

    /**
     * Sets the rules.
     *
     * @param value the pipeline rules the promotion moves by, fixed at request time
     * @return this builder
     * @since 0.1
     */
    public Builder rules(List<PromotionRule> value) { rules = value; return this; }

    /**
     * Sets the target revision the preview is pinned to.
     *
     * @param value the target's revision at request time: the preview approvers see is pinned to it
     *     and to {@code sourceRevision}, and execution refuses when the target has since changed in
     *     what the promotion moves
     * @return this builder
     * @since 0.1
     */
    public Builder targetRevision(Optional<Revision> value) { targetRevision = value; return this; }

    /**
     * Sets whether this is a rollback.
     *
     * @param value whether it was requested as a rollback, which may move versions backwards
     * @return this builder
     * @since 0.1
     */
    public Builder rollback(boolean value) { rollback = value; return this; }

    /**
     * Sets the change summary.
     *
     * @param value change counts from the preview at request time
     * @return this builder
     * @since 0.1
     */
    public Builder changes(ChangeSummary value) { changes = value; return this; }

    /**
     * Sets the status.
     *
     * @param value the public status
     * @return this builder
     * @since 0.1
     */
    public Builder status(PromotionStatus value) { status = value; return this; }

    /**
     * Appends a decision.
     *
     * @param value a decision to append (approval, rejection, withdrawal)
     * @return this builder
     * @since 0.1
     */
    public Builder decision(Decision value) {
      if (!decisionsOwned) {
        decisions = appendable(decisions);
        decisionsOwned = true;
      }
      decisions.add(value);
      return this;
    }

    /**
     * Appends a status change and sets the status to its target.
     *
     * @param value the status change to append
     * @return this builder
     * @since 0.1
     */
    public Builder change(StatusChange value) {
      if (!historyOwned) {
        history = appendable(history);
        historyOwned = true;
      }
      history.add(value);
      status = value.to();
      return this;
    }

    /**
     * Sets the execution claim.
     *
     * @param value execution progress while the promotion executes
     * @return this builder
     * @since 0.1
     */
    public Builder claim(Optional<ExecutionClaim> value) { claim = value; return this; }

    /**
     * Sets the release.
     *
     * @param value the release, once the promotion executed
     * @return this builder
     * @since 0.1
     */
    public Builder release(Optional<Release> value) { release = value; return this; }

    /**
     * Sets the break-glass session used.
     *
     * @param value the break-glass session that let its deployment through, if any
     * @return this builder
     * @since 0.1
     */
    public Builder breakGlass(Optional<BreakGlass> value) { breakGlass = value; return this; }

    /**
     * Sets the request time.
     *
     * @param value when it was requested
     * @return this builder
     * @since 0.1
     */
    public Builder requestedAt(Instant value) { requestedAt = value; return this; }

    /**
     * Sets the version.
     *
     * @param value storage version, starting at 1
     * @return this builder
     * @since 0.1
     */
    public Builder version(long value) { version = value; return this; }

    /**
     * A list of {@code shared}'s elements with room for the appends a step makes (a status
     * change, a decision, or both): an exact-size copy grew, and copied again, at the first
     * append. Added one by one: {@code addAll} goes through {@code toArray}, an array more per
     * copy; the lists come from a promotion, immutable and random access.
     */
    private static <T> List<T> appendable(List<T> shared) {
      List<T> copy = new ArrayList<>(shared.size() + 2);
      for (int i = 0; i < shared.size(); i++) {
        copy.add(shared.get(i));
      }
      return copy;
    }

    /**
     * An appended list of one or two as the immutable list the constructor's copy would make of
     * it, without the array that copy goes through first (the constructor keeps it as it is);
     * longer lists are left to the constructor. So is a list holding a null: the constructor
     * refuses it after its checks of the other fields, and a builder missing an id as well must
     * still be refused for the id.
     */
    private static <T> List<T> small(List<T> appended) {
      int size = appended.size();
      if (size == 0 || size > 2) {
        return appended;
      }
      T first = appended.get(0);
      T second = size == 2 ? appended.get(1) : null;
      if (first == null || (size == 2 && second == null)) {
        return appended;
      }
      return size == 1 ? List.of(first) : List.of(first, second);
    }

    /**
     * Validates and builds.
     *
     * @return the promotion
     * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} when a field is missing or
     *     invalid
     * @since 0.1
     */
    public Promotion build() {
      return new Promotion(id, project, source, target, sourceRevision, requester, notes,
          idempotencyKey, requiredApprovals, requesterMayApprove, scope, rules, targetRevision,
          rollback, changes, status,
          decisionsOwned ? small(decisions) : decisions,
          historyOwned ? small(history) : history, claim, release, breakGlass, requestedAt,
          version);
    }
  }
}
