package dev.baton.http.internal.console;

import static dev.baton.http.internal.console.Views.map;

import dev.baton.Baton;
import dev.baton.EnvironmentStatus;
import dev.baton.InboxItem;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.internal.HistoryParams;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Page;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionRule;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import dev.baton.model.UserId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What each console page shows, read through the engine's facades (which check the feature gate
 * and the viewer's permissions, as for any caller), and the verbs its forms carry out. Knows
 * nothing of HTTP beyond query parameters; {@link ConsoleRoutes} renders and answers. Thread-safe.
 */
final class Pages {
  /** The notes of a history row are cut to this many characters; the promotion page has all. */
  private static final int NOTES_IN_A_ROW = 80;
  private static final Map<String, String> DONE = Map.of(
      "approved", "You approved this promotion.",
      "rejected", "You rejected this promotion.",
      "withdrawn", "You withdrew this promotion.",
      "deployed", "You deployed this promotion's release.",
      "frozen", "You froze the environment.",
      "unfrozen", "You lifted the environment's freeze.",
      "break-glass", "You broke the glass: promotions into the environment pass its freeze"
          + " until the session ends.");
  /** The break-glass lengths the environments page offers. */
  private static final List<String> BREAK_GLASS = List.of("PT1H", "PT2H", "PT4H", "PT8H",
      "P1D");

  /** A page to render: the template, its values, the HTTP status. */
  record Rendered(String template, String title, Map<String, Object> scope, int status) {
    Rendered(String template, String title, Map<String, Object> scope) {
      this(template, title, scope, 200);
    }
  }

  private final Baton baton;

  Pages(Baton baton) {
    this.baton = baton;
  }

  /** The approvals inbox: what this person may approve now, each with its pinned preview. */
  Rendered inbox(UserId viewer, Optional<String> done) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (InboxItem item : baton.promotions().inbox(viewer)) {
      Map<String, Object> view = Views.summary(item.promotion());
      view.put("missing", item.approvalsMissing());
      pinnedPreview(item.promotion().id(), view);
      items.add(view);
    }
    return new Rendered("inbox", "Approvals inbox", map("items", items,
        "hasItems", !items.isEmpty(), "count", items.size(), "backToInbox", true,
        "done", done.map(DONE::get).orElse(null)));
  }

  /** One promotion: status, decisions, release, deploy, timeline; the preview while pending. */
  Rendered promotion(PromotionId id, Optional<String> done) {
    Promotion p = baton.promotions().get(id);
    Map<String, Object> view = Views.promotion(p);
    if (p.status() == PromotionStatus.PENDING_APPROVAL) {
      pinnedPreview(id, view);
    }
    view.put("done", done.map(DONE::get).orElse(null));
    return new Rendered("promotion", "Promotion " + Views.shortId(id.toString()), view);
  }

  private void pinnedPreview(PromotionId id, Map<String, Object> view) {
    try {
      view.put("preview", Views.preview(baton.previews().of(id)));
    } catch (BatonException e) {
      // the promotion still shows, with why its preview does not (a source that moved on)
      view.put("previewError", e.code().name() + ": " + e.getMessage());
    }
  }

  /** A project's history with the filters and paging of {@link HistoryParams}. */
  Rendered history(ProjectId project, Function<String, List<String>> params) {
    PromotionQuery query = HistoryParams.parse(project, params);
    Page<Promotion> page = baton.promotions().history(query);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Promotion p : page.items()) {
      Map<String, Object> row = Views.summary(p);
      String notes = p.notes();
      row.put("notes", notes.isEmpty() ? null : notes.length() <= NOTES_IN_A_ROW ? notes
          : notes.substring(0, NOTES_IN_A_ROW - 1) + "…");
      rows.add(row);
    }
    String selectedEnv = query.target().map(EnvironmentName::toString).orElse("");
    List<Map<String, Object>> envs = new ArrayList<>();
    for (EnvironmentName env : baton.environments().listInPipelineOrder(project)) {
      envs.add(map("name", env.toString(), "selected", env.toString().equals(selectedEnv)));
    }
    List<Map<String, Object>> statuses = new ArrayList<>();
    for (PromotionStatus status : PromotionStatus.values()) {
      statuses.add(map("name", status.name(), "checked", query.statuses().contains(status)));
    }
    int offset = query.offset();
    int limit = query.limit();
    long total = page.total();
    Map<String, Object> paging = map(
        "from", rows.isEmpty() ? 0 : offset + 1,
        "to", offset + rows.size(),
        "total", total,
        "previous", offset > 0 ? link(project, params, Math.max(0, offset - limit)) : null,
        "next", offset + limit < total ? link(project, params, offset + limit) : null);
    Map<String, Object> filters = map(
        "envs", envs, "statuses", statuses,
        "requester", first(params, "requester"),
        "since", first(params, "since"), "until", first(params, "until"),
        "limit", limit);
    return new Rendered("history", "History of " + project, map("project", project.toString(),
        "rows", rows, "hasRows", !rows.isEmpty(), "paging", paging, "filters", filters));
  }

  private static String first(Function<String, List<String>> params, String name) {
    List<String> values = params.apply(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The history page's link with the same filters at another offset. */
  private static String link(ProjectId project, Function<String, List<String>> params,
      int offset) {
    StringBuilder query = new StringBuilder();
    for (String name : List.of("env", "status", "requester", "since", "until", "limit")) {
      for (String value : params.apply(name)) {
        if (!value.isBlank()) {
          query.append(query.length() == 0 ? "" : "&").append(name).append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
      }
    }
    query.append(query.length() == 0 ? "" : "&").append("offset=").append(offset);
    return ConsoleRoutes.BASE + "/projects/" + project + "/history?" + query;
  }

  /** The pipeline as a picture, with each transition's approvals, scope and rules. */
  Rendered pipeline(ProjectId project) {
    Pipeline pipeline = baton.pipelines().get(project);
    Set<EnvironmentName> frozen = new HashSet<>();
    for (Stage stage : pipeline.stages()) {
      if (baton.environments().status(project, stage.environment()).freeze().isPresent()) {
        frozen.add(stage.environment());
      }
    }
    List<Map<String, Object>> transitions = new ArrayList<>();
    for (StageTransition t : pipeline.transitions()) {
      List<Map<String, Object>> rules = new ArrayList<>();
      for (PromotionRule rule : pipeline.rulesOf(t)) {
        rules.add(map("files", rule.files(),
            "paths", rule.jsonPaths().isEmpty() ? null : String.join(", ", rule.jsonPaths()),
            "exclude", rule.exclude().isEmpty() ? null : String.join(", ", rule.exclude())));
      }
      transitions.add(map("from", t.from().toString(), "to", t.to().toString(),
          "approvals", PipelinePicture.approvals(t.requiredApprovals()),
          "requesterMayApprove", t.requesterMayApprove(),
          "scope", String.join(", ", pipeline.scopeOf(t).stream()
              .map(PromotableProperty::name).sorted().toList()),
          "rules", rules));
    }
    List<Map<String, Object>> stages = new ArrayList<>();
    for (Stage stage : pipeline.stages()) {
      stages.add(map("name", stage.environment().toString(),
          "folder", pipeline.folderOf(stage.environment()),
          "policy", stage.deployPolicy().name(), "frozen", frozen.contains(stage.environment())));
    }
    return new Rendered("pipeline", "Pipeline of " + project, map("project", project.toString(),
        "version", pipeline.version(), "picture", PipelinePicture.of(pipeline, frozen),
        "stages", stages, "transitions", transitions));
  }

  /** The environments with their deploy policy, freeze and break-glass state. */
  Rendered environments(ProjectId project, Optional<String> done) {
    Optional<Pipeline> pipeline = baton.pipelines().find(project);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (EnvironmentName env : baton.environments().listInPipelineOrder(project)) {
      EnvironmentStatus status = baton.environments().status(project, env);
      Optional<Stage> stage = pipeline.flatMap(p -> p.stage(env));
      rows.add(map("name", env.toString(),
          "folder", pipeline.map(p -> p.folderOf(env)).orElse(null),
          "policy", stage.map(s -> s.deployPolicy().name()).orElse(null),
          "freeze", status.freeze().map(Pages::freeze).orElse(null),
          "breakGlass", status.breakGlass().map(b -> map("by", b.by().toString(),
              "reason", b.reason(), "since", Views.time(b.startedAt()),
              "until", Views.time(b.until()))).orElse(null)));
    }
    return new Rendered("environments", "Environments of " + project,
        map("project", project.toString(), "rows", rows, "durations", BREAK_GLASS,
            "done", done.map(DONE::get).orElse(null)));
  }

  private static Map<String, Object> freeze(Freeze f) {
    return map("reason", f.reason(), "by", f.by().toString(), "since", Views.time(f.from()),
        "until", f.until().map(Views::time).orElse(null), "holds", f.holds().name());
  }

  // --- the forms' verbs; each answers the past tense the page it returns to shows

  String approve(PromotionId id, UserId viewer, String comment) {
    baton.promotions().approve(id, viewer, comment);
    return "approved";
  }

  String reject(PromotionId id, UserId viewer, String comment) {
    if (comment == null || comment.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a rejection says why: write a comment");
    }
    baton.promotions().reject(id, viewer, comment);
    return "rejected";
  }

  String withdraw(PromotionId id, UserId viewer, String comment) {
    baton.promotions().withdraw(id, viewer, comment);
    return "withdrawn";
  }

  String deploy(PromotionId id, UserId viewer) {
    baton.promotions().deploy(id, viewer);
    return "deployed";
  }

  String freeze(ProjectId project, EnvironmentName env, UserId viewer, String reason,
      String holds) {
    FreezeHolds what;
    try {
      what = FreezeHolds.valueOf(holds == null ? "WRITE_AND_DEPLOY" : holds);
    } catch (IllegalArgumentException e) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a freeze holds WRITE_AND_DEPLOY or DEPLOY, not '" + holds + "'");
    }
    baton.environments().freeze(project, env, reason, viewer, Optional.empty(), what);
    return "frozen";
  }

  String unfreeze(ProjectId project, EnvironmentName env, UserId viewer) {
    baton.environments().unfreeze(project, env, viewer);
    return "unfrozen";
  }

  String breakGlass(ProjectId project, EnvironmentName env, UserId viewer, String reason,
      String duration) {
    if (!BREAK_GLASS.contains(duration)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a break-glass session lasts one of "
          + BREAK_GLASS + ", not '" + duration + "'");
    }
    baton.environments().breakGlass(project, env, viewer, reason, Duration.parse(duration));
    return "break-glass";
  }
}
