package dev.baton.memory;

import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployState;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the generator reached: the edges a promotion meets, as labels such as {@code notes:lone}
 * or {@code at:MIN}, and every edge {@link RandomPromotions} is meant to reach, so that the
 * round-trip test of {@link PackedPromotionProperties} can check that every one was met.
 */
final class PromotionEdges {
  private static final List<String> TEXT_FIELDS = List.of("notes", "comment", "reason",
      "deployMessage", "idempotencyKey", "breakGlassReason");
  private static final List<String> TEXT_KINDS = List.of("empty", "short-ascii", "64", "65",
      "long", "latin1", "wide", "pair", "lone");
  private static final List<String> REVISION_KINDS = List.of("commit-id", "UPPER", "mixed-case",
      "hex-39", "hex-41", "not-hex-40", "other");

  private PromotionEdges() {}

  /** The edges a promotion meets, as labels such as {@code notes:lone} or {@code at:MIN}. */
  static Set<String> edges(Promotion p) {
    Set<String> edges = new HashSet<>();
    edges.add("status:" + p.status());
    edges.add("scope:" + bits(p.scope()));
    present(edges, "sourceRevision", p.sourceRevision());
    present(edges, "targetRevision", p.targetRevision());
    present(edges, "idempotencyKey", p.idempotencyKey());
    present(edges, "release", p.release());
    present(edges, "breakGlass", p.breakGlass());
    p.sourceRevision().ifPresent(r -> edges.add("revision:" + revisionKind(r)));
    p.targetRevision().ifPresent(r -> edges.add("revision:" + revisionKind(r)));
    texts(edges, "notes", p.notes());
    p.idempotencyKey().ifPresent(k -> texts(edges, "idempotencyKey", k));
    if (p.requiredApprovals() == 0 || p.requiredApprovals() >= 1 << 20) {
      edges.add("requiredApprovals:" + (p.requiredApprovals() == 0 ? "0" : "large"));
    }
    edges.add("requesterMayApprove:" + p.requesterMayApprove());
    edges.add("rollback:" + p.rollback());
    edges.add("rules:" + howMany(p.rules().size()));
    ChangeSummary c = p.changes();
    if (Math.max(Math.max(c.workloads(), c.values()), Math.max(Math.max(c.bindings(),
        c.variables()), c.conflicts())) == Integer.MAX_VALUE) {
      edges.add("changes:MAX");
    }
    edges.add("version:" + (p.version() == 1 ? "1" : p.version() == Long.MAX_VALUE ? "MAX"
        : "other"));
    edges.add("decisions:" + howMany(p.decisions().size()));
    for (Decision d : p.decisions()) {
      edges.add("decision:" + d.kind());
      texts(edges, "comment", d.comment());
      instant(edges, d.at(), p.requestedAt());
      if (d.at().equals(Instant.MIN) || d.at().equals(Instant.MAX)) {
        edges.add("decision-at:" + (d.at().equals(Instant.MIN) ? "MIN" : "MAX"));
      }
    }
    edges.add("history:" + howMany(p.history().size()));
    for (StatusChange s : p.history()) {
      present(edges, "from", s.from());
      texts(edges, "reason", s.reason());
      instant(edges, s.at(), p.requestedAt());
    }
    p.release().ifPresent(r -> {
      edges.add("deploy:" + r.deployState());
      edges.add("revision:" + revisionKind(r.revision()));
      present(edges, "deployedAt", r.deployedAt());
      present(edges, "deployedBy", r.deployedBy());
      texts(edges, "deployMessage", r.deployMessage());
      instant(edges, r.createdAt(), p.requestedAt());
      r.deployedAt().ifPresent(at -> instant(edges, at, p.requestedAt()));
    });
    p.breakGlass().ifPresent(b -> {
      texts(edges, "breakGlassReason", b.reason());
      instant(edges, b.startedAt(), p.requestedAt());
      instant(edges, b.until(), p.requestedAt());
    });
    if (p.requestedAt().equals(Instant.MIN) || p.requestedAt().equals(Instant.MAX)) {
      edges.add("requestedAt:" + (p.requestedAt().equals(Instant.MIN) ? "MIN" : "MAX"));
    }
    return edges;
  }

  /** Every edge the generator is meant to reach. */
  static Set<String> everyEdge() {
    Set<String> edges = new TreeSet<>();
    for (PromotionStatus s : PromotionStatus.values()) {
      edges.add("status:" + s);
    }
    for (DecisionKind k : DecisionKind.values()) {
      edges.add("decision:" + k);
    }
    for (DeployState d : DeployState.values()) {
      edges.add("deploy:" + d);
    }
    for (int bits = 0; bits < 1 << PromotableProperty.values().length; bits++) {
      edges.add("scope:" + bits);
    }
    for (String optional : List.of("sourceRevision", "targetRevision", "idempotencyKey",
        "release", "deployedAt", "deployedBy", "breakGlass", "from")) {
      edges.add(optional + ":present");
      edges.add(optional + ":absent");
    }
    for (String kind : REVISION_KINDS) {
      edges.add("revision:" + kind);
    }
    for (String field : TEXT_FIELDS) {
      for (String kind : TEXT_KINDS) {
        // Checks.id refuses an empty break-glass reason
        if (!(field.equals("breakGlassReason") && kind.equals("empty"))) {
          edges.add(field + ":" + kind);
        }
      }
    }
    edges.addAll(List.of("span:far-before", "span:far-after", "at:EPOCH", "at:negative",
        "at:MIN", "at:MAX", "nano:0", "nano:999999999", "decision-at:MIN", "decision-at:MAX",
        "requestedAt:MIN", "requestedAt:MAX", "requiredApprovals:0", "requiredApprovals:large",
        "requesterMayApprove:true", "requesterMayApprove:false", "rollback:true",
        "rollback:false", "rules:0", "rules:1", "rules:several", "changes:MAX", "version:1",
        "version:MAX", "decisions:0", "decisions:1", "decisions:several", "history:0",
        "history:1", "history:several"));
    return edges;
  }

  private static void present(Set<String> edges, String field, Optional<?> value) {
    edges.add(field + (value.isPresent() ? ":present" : ":absent"));
  }

  private static String howMany(int size) {
    return size == 0 ? "0" : size == 1 ? "1" : "several";
  }

  private static void instant(Set<String> edges, Instant at, Instant requestedAt) {
    // packed as seconds after the request: MIN against a late request and MAX against an
    // early one are the widest differences
    long after = at.getEpochSecond() - requestedAt.getEpochSecond();
    if (after < -RandomPromotions.MAX_SECOND || after > RandomPromotions.MAX_SECOND) {
      edges.add(after < 0 ? "span:far-before" : "span:far-after");
    }
    if (at.equals(Instant.EPOCH)) {
      edges.add("at:EPOCH");
    } else if (at.equals(Instant.MIN)) {
      edges.add("at:MIN");
    } else if (at.equals(Instant.MAX)) {
      edges.add("at:MAX");
    } else if (at.getEpochSecond() < 0) {
      edges.add("at:negative");
    }
    if (at.getNano() == 0 || at.getNano() == 999_999_999) {
      edges.add("nano:" + at.getNano());
    }
  }

  private static void texts(Set<String> edges, String field, String text) {
    int length = text.length();
    if (length == 0) {
      edges.add(field + ":empty");
    } else if (length == 64 || length == 65) {
      edges.add(field + ":" + length);
    } else if (length > 65) {
      edges.add(field + ":long");
    } else if (text.chars().allMatch(c -> c < 0x80)) {
      edges.add(field + ":short-ascii");
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && c <= 0xff) {
        edges.add(field + ":latin1");
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        edges.add(field + ":pair");
        i++;
      } else if (Character.isSurrogate(c)) {
        edges.add(field + ":lone");
      } else if (c > 0xff) {
        edges.add(field + ":wide");
      }
    }
  }

  private static String revisionKind(Revision revision) {
    String value = revision.value();
    boolean hex = value.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    boolean upper = value.chars().anyMatch(c -> c >= 'A' && c <= 'F');
    boolean lower = value.chars().anyMatch(c -> c >= 'a' && c <= 'f');
    if (value.length() == 40 && hex) {
      return upper && lower ? "mixed-case" : upper ? "UPPER" : "commit-id";
    }
    if (hex && (value.length() == 39 || value.length() == 41)) {
      return "hex-" + value.length();
    }
    return value.length() == 40 && value.startsWith("g") ? "not-hex-40" : "other";
  }

  private static int bits(Set<PromotableProperty> scope) {
    int bits = 0;
    for (PromotableProperty property : scope) {
      bits |= 1 << property.ordinal();
    }
    return bits;
  }
}
