package dev.baton.examples.cli;

import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.manifests.Difference;
import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.StatusChange;
import dev.baton.preview.Preview;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How promotions look to people: table rows and the full detail of one. Stateless. */
final class PromotionView {
  /** Length of the ids shown in tables. */
  static final int SHORT_ID = 10;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private PromotionView() {}

  /** The first characters of an id, enough to name it on the command line. */
  static String shortId(PromotionId id) {
    String value = id.value();
    return value.length() <= SHORT_ID ? value : value.substring(0, SHORT_ID);
  }

  /** A time for people, in UTC, to the second. */
  static String time(Instant at) {
    return TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The status as people read it, lower case with spaces. */
  static String status(PromotionStatus status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** "n/m" approvals that count toward the quorum. */
  static String approvals(Promotion p) {
    return p.countingApprovals() + "/" + p.requiredApprovals();
  }

  /** Prints promotions as a table. */
  static void table(Output out, List<Promotion> promotions, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    for (Promotion p : promotions) {
      rows.add(List.of(shortId(p.id()), p.source() + " → " + p.target(),
          status(p.status()) + (p.withdrawn() ? " (withdrawn)" : ""), p.requester().value(),
          approvals(p),
          Durations.format(Duration.between(p.requestedAt(), now))));
    }
    out.table(List.of("ID", "SOURCE → TARGET", "STATUS", "REQUESTER", "APPROVALS", "AGE"), rows);
  }

  /** A one-line summary: id, move, status, approvals. */
  static String oneLine(Promotion p) {
    return p.id() + "  " + p.source() + " → " + p.target() + "  " + p.status()
        + "  approvals " + approvals(p);
  }

  /** Prints everything about one promotion. */
  static void detail(Output out, Promotion p, Instant now) {
    out.line(out.bold("promotion " + p.id()));
    field(out, "project", p.project().value());
    field(out, "move", p.source() + " → " + p.target()
        + p.sourceRevision().map(r -> "  (source at " + abbreviate(r.value()) + ")").orElse(""));
    field(out, "status", p.status() + (p.withdrawn() ? " (withdrawn)" : "")
        + p.claim().map(c -> "  [executing: " + c.step() + "]").orElse(""));
    field(out, "requester", p.requester().value());
    field(out, "requested", time(p.requestedAt()) + "  ("
        + Durations.format(Duration.between(p.requestedAt(), now)) + " ago)");
    if (!p.notes().isEmpty()) {
      field(out, "notes", p.notes());
    }
    p.idempotencyKey().ifPresent(k -> field(out, "key", k));
    ChangeSummary c = p.changes();
    field(out, "changes", c.workloads() + " workload, " + c.values() + " values, "
        + c.bindings() + " bindings, " + c.variables() + " variables"
        + (c.conflicts() > 0 ? out.yellow(", " + c.conflicts() + " conflicting") : ""));
    field(out, "approvals", approvals(p) + (p.requesterMayApprove()
        ? "  (the requester's own approval counts)" : ""));
    if (p.rollback()) {
      field(out, "rollback", out.yellow("requested as a rollback: it may move versions back"));
    }
    for (Decision d : p.decisions()) {
      String verb = switch (d.kind()) {
        case APPROVE -> "approved";
        case REJECT -> "rejected";
        case WITHDRAW -> "withdrawn";
        case INVALIDATE -> "not executed";
        case PULL_REQUEST_CLOSED -> "closed unmerged";
      };
      out.line("    " + verb + " by " + d.by() + " at " + time(d.at())
          + (d.comment().isEmpty() ? "" : ": " + d.comment()));
    }
    p.release().ifPresent(r -> release(out, r));
    p.breakGlass().ifPresent(b -> field(out, "break-glass", out.yellow("opened by " + b.by()
        + " (" + b.reason() + "), until " + time(b.until()))));
    out.line("  history:");
    for (StatusChange s : p.history()) {
      out.line("    " + time(s.at()) + "  " + s.from().map(f -> f + " → ").orElse("")
          + s.to() + "  by " + s.by() + (s.reason().isEmpty() ? "" : "  (" + s.reason() + ")"));
    }
  }

  /**
   * Prints what a promotion moves as it was approved: the moving differences of its pinned
   * preview, or why they cannot be shown.
   */
  static void approvedMoves(Output out, Baton baton, Promotion p) {
    Preview pinned;
    try {
      pinned = baton.previews().of(p.id());
    } catch (BatonException e) {
      out.line("  " + shortId(p.id()) + " moves: " + out.yellow("cannot be shown: "
          + e.getMessage()));
      return;
    }
    out.line("  " + shortId(p.id()) + " moves (pinned to " + p.source() + " at "
        + abbreviate(pinned.sourceRevision().value()) + ", " + p.target() + " at "
        + abbreviate(pinned.targetRevision().value()) + "; full: baton preview --promotion "
        + shortId(p.id()) + "):");
    List<Difference> moves = pinned.differences().stream().filter(Difference::moves).toList();
    if (moves.isEmpty()) {
      out.line("    nothing");
    }
    for (Difference d : moves) {
      out.line("    " + d.where() + "  " + d.target().orElse("(absent)") + " → "
          + out.green(d.source().orElse("(absent)")));
    }
  }

  /** Prints a release. */
  static void release(Output out, Release r) {
    field(out, "release", r.id() + "  commit " + abbreviate(r.revision().value())
        + "  created " + time(r.createdAt()));
    field(out, "deploy", r.deployState()
        + r.deployedBy().map(b -> " by " + b).orElse("")
        + r.deployedAt().map(a -> " at " + time(a)).orElse(""));
    if (!r.deployMessage().isEmpty()) {
      r.deployMessage().lines().forEach(l -> out.line("    | " + l));
    }
  }

  /** The first 12 characters of a commit id. */
  static String abbreviate(String revision) {
    return revision.length() <= 12 ? revision : revision.substring(0, 12);
  }

  private static void field(Output out, String name, String value) {
    out.line(String.format("  %-10s %s", name + ":", value));
  }
}
