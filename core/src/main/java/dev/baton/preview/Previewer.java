package dev.baton.preview;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.manifests.Difference;
import dev.baton.manifests.DocumentLimits;
import dev.baton.manifests.GitOpsReader;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.SensitiveNames;
import dev.baton.manifests.Snapshot;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes the {@link Preview} of a promotion: plans it with {@link PromotionPlanner}, reads the
 * source, the target now, the target as the plan leaves it and (when given) the target as the last
 * promotion into it wrote it, each with its own variables resolved, and compares them item by
 * item.
 *
 * <p>For every item: {@code action} compares the target now with the target after the
 * promotion, so it says what the promotion does (an out-of-scope difference shows
 * {@code no_change} with {@code carried = false}); {@code conflict} is set when a base is given,
 * the promotion changes the item, and the target's current value differs from the base's (someone
 * changed the target since the last promotion). Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Previewer {
  private final GitOpsReader reader;
  private final PromotionPlanner planner;
  private final PreviewLimits limits;

  private Previewer(DocumentLimits documents, PreviewLimits limits) {
    this.reader = GitOpsReader.create(documents);
    this.planner = PromotionPlanner.create(documents);
    this.limits = limits;
  }

  /**
   * A previewer with default document and diff limits.
   *
   * @since 0.1
   */
  public static Previewer create() {
    return create(DocumentLimits.defaults(), PreviewLimits.defaults());
  }

  /**
   * A previewer with the given limits.
   *
   * @since 0.1
   */
  public static Previewer create(DocumentLimits documents, PreviewLimits limits) {
    return new Previewer(Objects.requireNonNull(documents, "documents"),
        Objects.requireNonNull(limits, "limits"));
  }

  /**
   * The preview of promoting {@code source} into {@code target}.
   *
   * @param project the project, recorded in the preview
   * @param source the source environment's files
   * @param target the target environment's files now
   * @param base the target's files as the last promotion into it wrote them, if known
   * @param scope the categories the promotion moves
   * @param rules the rules the promotion moves by
   * @throws BatonException when a file of any environment is refused
   * @since 0.1
   */
  public Preview preview(ProjectId project, EnvironmentFiles source, EnvironmentFiles target,
      Optional<EnvironmentFiles> base, Set<PromotableProperty> scope, List<PromotionRule> rules) {
    if (source == null || target == null || scope == null || rules == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "project, source, target, base, scope and rules are required");
    }
    return preview(project, source, target, base, planner.plan(source, target, scope, rules));
  }

  /**
   * The preview of a promotion already planned: {@code plan} must be the plan of {@code source}
   * into {@code target}, so that planning is done once.
   *
   * @throws BatonException when a file of any environment is refused
   * @since 0.1
   */
  public Preview preview(ProjectId project, EnvironmentFiles source, EnvironmentFiles target,
      Optional<EnvironmentFiles> base, PromotionPlan plan) {
    if (project == null || source == null || target == null || base == null || plan == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "project, source, target, base and plan are required");
    }
    Set<PromotableProperty> carried = plan.scope().isEmpty()
        ? EnumSet.noneOf(PromotableProperty.class) : EnumSet.copyOf(plan.scope());
    List<PromotionRule> rules = plan.rules();
    List<FileChange> changes = plan.changes();
    SensitiveNames sensitive = plan.sensitive();
    // the after files are made only when their snapshots cannot be the source's or the target's
    AfterFiles after = new AfterFiles(source, target, changes);
    Snapshot sourceSnapshot = reader.read(source);
    Snapshot targetSnapshot = reader.read(target);
    Snapshots snapshots = new Snapshots(sourceSnapshot, targetSnapshot,
        after.snapshot(sourceSnapshot, targetSnapshot, reader::read), base.map(reader::read));
    // items are decided on the real values and shown with the masked ones
    Snapshot sourceShown = reader.readMasked(source, sensitive);
    Snapshot targetShown = reader.readMasked(target, sensitive);
    Snapshots shown = new Snapshots(sourceShown, targetShown,
        after.snapshot(sourceShown, targetShown, files -> reader.readMasked(files, sensitive)),
        base.map(b -> reader.readMasked(b, sensitive)));

    List<WorkloadPreview> workloads = PreviewItems.workloads(snapshots, shown, carried);
    List<PreviewItem> values = PreviewItems.items(snapshots, shown, PromotableProperty.VALUES,
        carried, Function.identity());
    List<PreviewItem> bindings = PreviewItems.items(snapshots, shown,
        PromotableProperty.BINDINGS, carried, PreviewItems::digest);
    List<PreviewItem> variables = PreviewItems.items(snapshots, shown,
        PromotableProperty.VARIABLES, carried, Function.identity());
    List<FileDiff> files = new ArrayList<>();
    for (FileChange change : changes) {
      files.add(FileDiffs.diff(change.path(), target.file(change.path()), change.content(),
          sensitive, limits));
    }
    ChangeSummary summary = PreviewItems.summary(workloads, values, bindings, variables);

    LinkedHashSet<String> warnings = new LinkedHashSet<>(snapshots.source().warnings());
    snapshots.after().warnings().forEach(warning -> warnings.add("after the promotion, "
        + warning));
    return new Preview(project, source.environment(), target.environment(), source.revision(),
        target.revision(), base.map(EnvironmentFiles::revision), carried, rules, workloads, values,
        bindings, variables, plan.differences().stream().map(Difference::masked).toList(), files,
        summary, new ArrayList<>(warnings));
  }

  /**
   * The {@link Preview#summary()} of a promotion already planned, as {@link #preview(ProjectId,
   * EnvironmentFiles, EnvironmentFiles, Optional, PromotionPlan)} counts it, without what only
   * people look at: the masked values and the files' diffs are not computed. For a caller that
   * records the counts only (a request).
   *
   * @throws BatonException when a file of any environment is refused
   * @since 0.1
   */
  public ChangeSummary summary(EnvironmentFiles source, EnvironmentFiles target,
      Optional<EnvironmentFiles> base, PromotionPlan plan) {
    if (source == null || target == null || base == null || plan == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "source, target, base and plan are required");
    }
    Snapshot sourceSnapshot = reader.read(source);
    Snapshot targetSnapshot = reader.read(target);
    Snapshots snapshots = new Snapshots(sourceSnapshot, targetSnapshot,
        new AfterFiles(source, target, plan.changes()).snapshot(sourceSnapshot, targetSnapshot,
            reader::read),
        base.map(files -> files.files().equals(target.files()) ? targetSnapshot
            : reader.read(files)));
    // A base holding the target's files (the target as the last promotion into it left it,
    // which nothing changed since: the usual request) has the target's snapshot, but for the
    // environment its warnings name and the revision stamped on it, which are not counted.
    return SummaryCounts.summary(snapshots);
  }
}
