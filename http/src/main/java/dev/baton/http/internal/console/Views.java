package dev.baton.http.internal.console;

import dev.baton.model.Decision;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.preview.FileDiff;
import dev.baton.preview.Preview;
import dev.baton.preview.PreviewAction;
import dev.baton.preview.PreviewItem;
import dev.baton.preview.WorkloadPreview;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's values as the maps the templates read: every value a page shows is text or a
 * list here, with absent values as null (a template's {@code {{#x}}} section then shows nothing).
 * The templates escape all of it. Stateless.
 */
final class Views {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  /** "p-" and eight characters of the id: enough to tell promotions apart on a page. */
  private static final int SHORT_ID = 10;
  private static final int SHORT_REVISION = 12;

  private Views() {}

  /** A map from alternating keys and values; a null value is kept (absent in the template). */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** An instant as a person reads it, and as the {@code datetime} of a time element. */
  static Map<String, Object> time(Instant at) {
    return at == null ? null : map("shown", SHOWN.format(at), "iso", at.toString());
  }

  /** The first characters of an id, as the pages show it beside the full one. */
  static String shortId(String id) {
    return id.length() <= SHORT_ID ? id : id.substring(0, SHORT_ID);
  }

  /** A commit id as Git shows it short; other revisions whole. */
  static String shortRevision(String revision) {
    return revision.length() == 40 ? revision.substring(0, SHORT_REVISION) : revision;
  }

  /** What a list row and a page heading show of a promotion. */
  static Map<String, Object> summary(Promotion p) {
    String notes = p.notes();
    return map(
        "id", p.id().toString(),
        "shortId", shortId(p.id().toString()),
        "project", p.project().toString(),
        "source", p.source().toString(),
        "target", p.target().toString(),
        "status", p.status().name(),
        "statusClass", p.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        "requester", p.requester().toString(),
        "requestedAt", time(p.requestedAt()),
        "notes", notes.isEmpty() ? null : notes,
        "rollback", p.rollback(),
        "approvals", p.countingApprovals(),
        "required", p.requiredApprovals());
  }

  /** Everything the promotion page shows. */
  static Map<String, Object> promotion(Promotion p) {
    Map<String, Object> view = summary(p);
    view.put("pendingApproval", p.status() == PromotionStatus.PENDING_APPROVAL);
    view.put("pendingRelease", p.status() == PromotionStatus.PENDING_RELEASE);
    view.put("sourceRevision", p.sourceRevision().map(Revision::value).orElse(null));
    view.put("targetRevision", p.targetRevision().map(Revision::value).orElse(null));
    view.put("changes", map(
        "workloads", p.changes().workloads(), "values", p.changes().values(),
        "bindings", p.changes().bindings(), "variables", p.changes().variables(),
        "conflicts", p.changes().conflicts()));
    List<Map<String, Object>> decisions = new ArrayList<>();
    for (Decision d : p.decisions()) {
      decisions.add(map("by", d.by().toString(), "kind", d.kind().name(),
          "kindClass", d.kind().name().toLowerCase(Locale.ROOT),
          "comment", d.comment().isEmpty() ? null : d.comment(), "at", time(d.at())));
    }
    view.put("decisions", decisions);
    view.put("hasDecisions", !decisions.isEmpty());
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (StatusChange c : p.history()) {
      timeline.add(map("from", c.from().map(Enum::name).orElse(null), "to", c.to().name(),
          "by", c.by().toString(), "at", time(c.at()),
          "reason", c.reason().isEmpty() ? null : c.reason()));
    }
    view.put("timeline", timeline);
    view.put("release", p.release().map(Views::release).orElse(null));
    view.put("breakGlass", p.breakGlass().map(b -> map("by", b.by().toString(),
        "reason", b.reason(), "until", time(b.until()))).orElse(null));
    return view;
  }

  private static Map<String, Object> release(Release r) {
    return map("id", r.id().toString(), "revision", r.revision().value(),
        "deployState", r.deployState().name(),
        "deployClass", r.deployState().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        "deployMessage", r.deployMessage().isEmpty() ? null : r.deployMessage(),
        "createdAt", time(r.createdAt()),
        "deployedAt", r.deployedAt().map(Views::time).orElse(null),
        "deployedBy", r.deployedBy().map(Object::toString).orElse(null));
  }

  /** A preview: workloads, the changed items, and every file's diff as classified lines. */
  static Map<String, Object> preview(Preview preview) {
    List<Map<String, Object>> workloads = new ArrayList<>();
    for (WorkloadPreview w : preview.workloads()) {
      if (w.items().stream().allMatch(i -> i.action() == PreviewAction.NO_CHANGE)) {
        continue;
      }
      workloads.add(map("name", w.name(), "key", w.key(), "imageTag", item(w.imageTag()),
          "replicas", item(w.replicas()), "resources", item(w.resources())));
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (List<PreviewItem> group : List.of(preview.values(), preview.bindings(),
        preview.variables())) {
      for (PreviewItem i : group) {
        if (i.action() != PreviewAction.NO_CHANGE) {
          items.add(item(i));
        }
      }
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileDiff f : preview.files()) {
      files.add(file(f));
    }
    return map(
        "total", preview.summary().total(),
        "nothing", preview.summary().total() == 0 && files.isEmpty(),
        "sourceRevision", preview.sourceRevision().value(),
        "targetRevision", preview.targetRevision().value(),
        "sourceShort", shortRevision(preview.sourceRevision().value()),
        "targetShort", shortRevision(preview.targetRevision().value()),
        "workloads", workloads,
        "hasWorkloads", !workloads.isEmpty(),
        "items", items,
        "hasItems", !items.isEmpty(),
        "files", files,
        "warnings", preview.warnings());
  }

  private static Map<String, Object> item(PreviewItem i) {
    return map("key", i.key(),
        "before", i.target().orElse(null),
        "after", i.after().orElse(null),
        "action", i.action().name(),
        "actionClass", i.action().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        "changed", i.action() != PreviewAction.NO_CHANGE,
        "carried", i.carried(),
        "conflict", i.conflict());
  }

  private static Map<String, Object> file(FileDiff f) {
    List<Map<String, Object>> lines = new ArrayList<>();
    f.diff().ifPresent(text -> {
      for (String line : text.split("\n", -1)) {
        if (!line.isEmpty() || !lines.isEmpty()) {
          lines.add(map("kind", lineKind(line), "text", line));
        }
      }
      if (!lines.isEmpty() && ((String) lines.get(lines.size() - 1).get("text")).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
    });
    return map("path", f.path(), "action", f.action().name(),
        "actionClass", f.action().name().toLowerCase(Locale.ROOT),
        "truncated", f.truncated(), "oldLines", f.oldLines(), "newLines", f.newLines(),
        "added", optionalInt(f.addedLines().isPresent(), f.addedLines().orElse(0)),
        "removed", optionalInt(f.removedLines().isPresent(), f.removedLines().orElse(0)),
        "lines", lines);
  }

  private static Object optionalInt(boolean present, int value) {
    return present ? Integer.toString(value) : null;
  }

  /** How a line of a unified diff is shown: added, removed, a hunk header, file header, context. */
  private static String lineKind(String line) {
    if (line.startsWith("+++") || line.startsWith("---")) {
      return "meta";
    }
    if (line.startsWith("@@")) {
      return "hunk";
    }
    if (line.startsWith("+")) {
      return "add";
    }
    if (line.startsWith("-")) {
      return "del";
    }
    return "ctx";
  }
}
