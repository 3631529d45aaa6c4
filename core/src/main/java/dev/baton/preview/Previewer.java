package dev.baton.preview;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.manifests.Difference;
import dev.baton.manifests.DocumentLimits;
import dev.baton.manifests.GitOpsReader;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.SensitiveNames;
import dev.baton.manifests.Snapshot;
import dev.baton.manifests.Workload;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final ContentCache<DiffKey, FileDiff> DIFFS = new ContentCache<>(1024, 16L << 20);
  private static final String NO_NEWLINE = "\\ No newline at end of file";
  // lines of context around each change in a unified diff, as git and diff(1) show
  private static final int CONTEXT = 3;
  private static final Pattern HUNK =
      Pattern.compile("@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

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

    List<WorkloadPreview> workloads = workloads(snapshots, shown, carried);
    List<PreviewItem> values = items(snapshots, shown, PromotableProperty.VALUES, carried,
        Function.identity());
    List<PreviewItem> bindings = items(snapshots, shown, PromotableProperty.BINDINGS, carried,
        Previewer::digest);
    List<PreviewItem> variables = items(snapshots, shown, PromotableProperty.VARIABLES, carried,
        Function.identity());
    List<FileDiff> files = new ArrayList<>();
    for (FileChange change : changes) {
      files.add(diff(change.path(), target.file(change.path()), change.content(), sensitive));
    }
    ChangeSummary summary = summary(workloads, values, bindings, variables);

    LinkedHashSet<String> warnings = new LinkedHashSet<>(snapshots.source.warnings());
    snapshots.after.warnings().forEach(warning -> warnings.add("after the promotion, "
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
    // Counted as the preview counts its items, without making them: an item counts as changed
    // when the target's value differs from the after's, and as a conflict when, besides, a base
    // is given whose value differs from the target's. Whether the preview lists an item (its
    // source differing from its target) never matters to the counts: a changed item is always
    // listed. Carrying decides nothing here either (the plan already did).
    Tally workloads = countWorkloads(snapshots, new Tally());
    Tally values = count(snapshots, PromotableProperty.VALUES, false, new Tally());
    Tally bindings = count(snapshots, PromotableProperty.BINDINGS, true, new Tally());
    Tally variables = count(snapshots, PromotableProperty.VARIABLES, false, new Tally());
    return new ChangeSummary(workloads.changed, values.changed, bindings.changed,
        variables.changed, workloads.conflicts + values.conflicts + bindings.conflicts
            + variables.conflicts);
  }

  /**
   * The target's files as a plan leaves them, and their snapshots read the way a caller reads
   * them. A snapshot is a function of the files (and the way of reading), except for the
   * environment its warnings name and the revision stamped on it: so when the after files are
   * the source's own (a promotion that moves everything that differs) and the source's snapshot
   * has no warnings, that snapshot stamped with the after's environment and revision is what
   * reading the after files returns; when the plan writes nothing, the target's is. Either way
   * the after files are neither made nor hashed for the look-up. Not thread-safe (one preview).
   */
  static final class AfterFiles {
    private final EnvironmentFiles source;
    private final EnvironmentFiles target;
    private final List<FileChange> changes;
    // whether the after files are the source's; decided at the first question
    private Boolean takesSource;
    private EnvironmentFiles files;

    AfterFiles(EnvironmentFiles source, EnvironmentFiles target, List<FileChange> changes) {
      this.source = source;
      this.target = target;
      this.changes = changes;
    }

    /**
     * What {@code read} returns for the after files, given what it returned for the source's
     * and the target's.
     */
    Snapshot snapshot(Snapshot sourceSnapshot, Snapshot targetSnapshot,
        Function<EnvironmentFiles, Snapshot> read) {
      if (changes.isEmpty()) {
        // a plan that writes nothing leaves the target as it is: the same files, read once
        return targetSnapshot;
      }
      if (sourceSnapshot.warnings().isEmpty()) {
        if (takesSource == null) {
          takesSource = takesSourceFiles(target, changes, source);
        }
        if (takesSource) {
          // the after files are the target's environment and revision (as applyTo makes them)
          return new Snapshot(target.environment(), target.revision(),
              sourceSnapshot.workloads(), sourceSnapshot.values(), sourceSnapshot.bindings(),
              sourceSnapshot.variables(), sourceSnapshot.warnings());
        }
      }
      if (files == null) {
        files = PromotionPlanner.applyTo(target, changes);
      }
      return read.apply(files);
    }
  }

  /**
   * Whether {@code target} with {@code changes} applied holds exactly the source's files,
   * decided without making the after files: every written file holds the source's text, every
   * deleted one is not the source's, every other target file holds the source's text, and the
   * after files number as many as the source's. A path changed twice is left to applyTo.
   */
  static boolean takesSourceFiles(EnvironmentFiles target, List<FileChange> changes,
      EnvironmentFiles source) {
    Map<String, String> from = source.files();
    Map<String, String> to = target.files();
    // a plan changes a file or two: a hash set only for many
    Set<String> changed = changes.size() > 8 ? new HashSet<>() : null;
    int size = to.size();
    for (int i = 0; i < changes.size(); i++) {
      FileChange change = changes.get(i);
      if (changed != null ? !changed.add(change.path())
          : indexOf(changes, change.path()) < i) {
        return false;
      }
      boolean had = to.containsKey(change.path());
      if (change.content().isPresent()) {
        if (!change.content().get().equals(from.get(change.path()))) {
          return false;
        }
        size += had ? 0 : 1;
      } else {
        if (from.containsKey(change.path())) {
          return false;
        }
        size -= had ? 1 : 0;
      }
    }
    if (size != from.size()) {
      return false;
    }
    for (Map.Entry<String, String> file : to.entrySet()) {
      boolean isChanged = changed != null ? changed.contains(file.getKey())
          : indexOf(changes, file.getKey()) >= 0;
      if (!isChanged && !file.getValue().equals(from.get(file.getKey()))) {
        return false;
      }
    }
    return true;
  }

  // the first change of the path; -1 when none
  private static int indexOf(List<FileChange> changes, String path) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).path().equals(path)) {
        return i;
      }
    }
    return -1;
  }

  /** Changed items and conflicts of one kind (or several, added up). */
  private static final class Tally {
    int changed;
    int conflicts;
  }

  /** The changed items and conflicts of every workload's image tag, replicas and resources. */
  private static Tally countWorkloads(Snapshots snapshots, Tally tally) {
    SortedMap<String, Workload> target = snapshots.target.workloads();
    SortedMap<String, Workload> after = snapshots.after.workloads();
    Optional<SortedMap<String, Workload>> base = snapshots.base.map(Snapshot::workloads);
    // every key of either, each once (a key only the source has never changes the target)
    TreeSet<String> keys = null;
    if (target.comparator() != null || after.comparator() != null
        || base.map(m -> m.comparator() != null).orElse(false)) {
      keys = new TreeSet<>(target.keySet());
      keys.addAll(after.keySet());
    }
    Iterable<String> walk = keys != null ? keys : target.keySet();
    for (String key : walk) {
      countWorkload(key, target.get(key), after.get(key), base, tally);
    }
    if (keys == null) {
      for (Map.Entry<String, Workload> entry : after.entrySet()) {
        if (!target.containsKey(entry.getKey())) {
          countWorkload(entry.getKey(), null, entry.getValue(), base, tally);
        }
      }
    }
    return tally;
  }

  private static void countWorkload(String key, Workload target, Workload after,
      Optional<SortedMap<String, Workload>> base, Tally tally) {
    Workload was = base.map(map -> map.get(key)).orElse(null);
    for (int i = 0; i < 3; i++) {
      Function<Workload, Optional<String>> property = i == 0 ? Workload::imageTag
          : i == 1 ? Workload::replicas : Workload::resources;
      String now = target == null ? null : property.apply(target).orElse(null);
      String then = after == null ? null : property.apply(after).orElse(null);
      if (!Objects.equals(now, then)) {
        tally.changed++;
        if (base.isPresent()
            && !Objects.equals(was == null ? null : property.apply(was).orElse(null), now)) {
          tally.conflicts++;
        }
      }
    }
  }

  /**
   * Adds one kind's changed items and conflicts to {@code tally}. Bindings compare as the
   * preview shows them, by {@link #digest}: equal texts have equal digests, so the digests are
   * only computed for texts that differ.
   */
  private static Tally count(Snapshots snapshots, PromotableProperty kind, boolean digested,
      Tally tally) {
    SortedMap<String, String> target = snapshots.target.properties(kind);
    SortedMap<String, String> after = snapshots.after.properties(kind);
    if (target.isEmpty() && after.isEmpty()) {
      // no key to count (most environments have no bindings or no variables)
      return tally;
    }
    Optional<SortedMap<String, String>> base = snapshots.base.map(s -> s.properties(kind));
    if (target.comparator() != null || after.comparator() != null) {
      TreeSet<String> keys = new TreeSet<>(target.keySet());
      keys.addAll(after.keySet());
      for (String key : keys) {
        tally(target.get(key), after.get(key), base, key, digested, tally);
      }
      return tally;
    }
    // only keys of the target or the after can change; one walk over both in key order
    Cursor targets = new Cursor(target);
    Cursor afters = new Cursor(after);
    while (true) {
      String key = Cursor.least(targets.key, afters.key);
      if (key == null) {
        return tally;
      }
      tally(targets.take(key), afters.take(key), base, key, digested, tally);
    }
  }

  private static void tally(String target, String after,
      Optional<SortedMap<String, String>> base, String key, boolean digested, Tally tally) {
    if (same(target, after, digested)) {
      return;
    }
    tally.changed++;
    if (base.isPresent() && !same(base.get().get(key), target, digested)) {
      tally.conflicts++;
    }
  }

  // whether two values (null: absent) show alike
  private static boolean same(String a, String b, boolean digested) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(b) || digested && digest(a).equals(digest(b));
  }

  private static ChangeSummary summary(List<WorkloadPreview> workloads, List<PreviewItem> values,
      List<PreviewItem> bindings, List<PreviewItem> variables) {
    int conflicts = 0;
    int changedWorkloadItems = 0;
    for (WorkloadPreview workload : workloads) {
      for (PreviewItem item : workload.items()) {
        changedWorkloadItems += item.changed() ? 1 : 0;
        conflicts += item.conflict() ? 1 : 0;
      }
    }
    for (List<PreviewItem> list : List.of(values, bindings, variables)) {
      for (PreviewItem item : list) {
        conflicts += item.conflict() ? 1 : 0;
      }
    }
    return new ChangeSummary(changedWorkloadItems, changed(values), changed(bindings),
        changed(variables), conflicts);
  }

  // shown null: the items as decided, with the real values (for counting only)
  private static List<WorkloadPreview> workloads(Snapshots snapshots, Snapshots shown,
      Set<PromotableProperty> scope) {
    TreeSet<String> keys = new TreeSet<>(snapshots.source.workloads().keySet());
    keys.addAll(snapshots.target.workloads().keySet());
    keys.addAll(snapshots.after.workloads().keySet());
    List<WorkloadPreview> out = new ArrayList<>();
    for (String key : keys) {
      Decided tag = workloadItem(snapshots, shown, key, "image_tag",
          PromotableProperty.IMAGE_TAGS, Workload::imageTag, scope);
      Decided replicas = workloadItem(snapshots, shown, key, "replicas",
          PromotableProperty.REPLICAS, Workload::replicas, scope);
      Decided resources = workloadItem(snapshots, shown, key, "resources",
          PromotableProperty.RESOURCES, Workload::resources, scope);
      if (interesting(tag.real()) || interesting(replicas.real())
          || interesting(resources.real())) {
        String name = (shown == null ? snapshots : shown).all().stream()
            .map(s -> s.workloads().get(key)).filter(Objects::nonNull).map(Workload::name)
            .findFirst().orElse(key);
        out.add(new WorkloadPreview(key, name, tag.shown(), replicas.shown(),
            resources.shown()));
      }
    }
    return out;
  }

  /** An item decided on the real values, and as people see it. */
  private record Decided(PreviewItem real, PreviewItem shown) {}

  private static Decided workloadItem(Snapshots snapshots, Snapshots shown, String key,
      String itemKey, PromotableProperty kind, Function<Workload, Optional<String>> property,
      Set<PromotableProperty> scope) {
    Function<Snapshot, String> value = snapshot -> Optional.ofNullable(
        snapshot.workloads().get(key)).flatMap(property).orElse(null);
    PreviewItem real = item(itemKey, value.apply(snapshots.source),
        value.apply(snapshots.target), value.apply(snapshots.after), snapshots.base.isPresent(),
        snapshots.base.map(value).orElse(null), scope.contains(kind));
    return new Decided(real, shown == null ? real : shownAs(real, value.apply(shown.source),
        value.apply(shown.target), value.apply(shown.after)));
  }

  /** The item decided on real values, with the values people may see. */
  private static PreviewItem shownAs(PreviewItem real, String source, String target,
      String after) {
    return new PreviewItem(real.key(), real.source().map(v -> source),
        real.target().map(v -> target), real.after().map(v -> after), real.action(),
        real.carried(), real.conflict());
  }

  private static List<PreviewItem> items(Snapshots snapshots, Snapshots masked,
      PromotableProperty kind, Set<PromotableProperty> scope, Function<String, String> shown) {
    SortedMap<String, String> source = snapshots.source.properties(kind);
    SortedMap<String, String> target = snapshots.target.properties(kind);
    SortedMap<String, String> after = snapshots.after.properties(kind);
    Optional<SortedMap<String, String>> base = snapshots.base.map(s -> s.properties(kind));
    boolean natural = source.comparator() == null && target.comparator() == null
        && after.comparator() == null && base.map(m -> m.comparator() == null).orElse(true);
    if (!natural) {
      return itemsByLookup(source, target, after, base, masked, kind, scope, shown);
    }
    // The maps are sorted alike: one walk over all of them in key order visits the keys in the
    // order of their union, each value at hand, with no look-up per key.
    Cursor sources = new Cursor(source);
    Cursor targets = new Cursor(target);
    // the after files' map is often the source's or the target's own (a snapshot read from the
    // same files is shared): its values are then theirs, with no walk of its own
    boolean afterIsSource = after == source;
    boolean afterIsTarget = !afterIsSource && after == target;
    Cursor afters = afterIsSource || afterIsTarget ? null : new Cursor(after);
    Cursor bases = new Cursor(base.orElse(Collections.emptySortedMap()));
    // a masked map that is the real one (nothing masked) shows the real values: no look-up
    SortedMap<String, String> maskedSource = masked == null ? null
        : masked.source.properties(kind);
    SortedMap<String, String> maskedTarget = masked == null ? null
        : masked.target.properties(kind);
    SortedMap<String, String> maskedAfter = masked == null ? null
        : masked.after.properties(kind);
    List<PreviewItem> out = new ArrayList<>();
    while (true) {
      String key = Cursor.least(sources.key,
          afters == null ? targets.key : Cursor.least(targets.key, afters.key));
      if (key == null) {
        return out;
      }
      String sourceValue = sources.take(key);
      String targetValue = targets.take(key);
      String afterValue = afterIsSource ? sourceValue : afterIsTarget ? targetValue
          : afters.take(key);
      if (Objects.equals(sourceValue, targetValue) && Objects.equals(targetValue, afterValue)) {
        // equal values show alike: the promotion leaves the item as it is and the source has
        // it as the target does, so it is not listed (most items of a values file); the base
        // cursor only ever moves forward, so it need not stop at this key
        continue;
      }
      String baseValue = bases.seek(key);
      PreviewItem item = item(key, shown(sourceValue, shown), shown(targetValue, shown),
          shown(afterValue, shown), base.isPresent(), shown(baseValue, shown),
          scope.contains(kind));
      if (interesting(item)) {
        out.add(masked == null ? item : shownAs(item,
            maskedSource == source ? item.source().orElse(null)
                : shown(maskedSource, key, shown),
            maskedTarget == target ? item.target().orElse(null)
                : shown(maskedTarget, key, shown),
            maskedAfter == after ? item.after().orElse(null) : shown(maskedAfter, key, shown)));
      }
    }
  }

  private static List<PreviewItem> itemsByLookup(SortedMap<String, String> source,
      SortedMap<String, String> target, SortedMap<String, String> after,
      Optional<SortedMap<String, String>> base, Snapshots masked, PromotableProperty kind,
      Set<PromotableProperty> scope, Function<String, String> shown) {
    TreeSet<String> keys = new TreeSet<>(source.keySet());
    keys.addAll(target.keySet());
    keys.addAll(after.keySet());
    List<PreviewItem> out = new ArrayList<>();
    for (String key : keys) {
      PreviewItem item = item(key, shown(source, key, shown), shown(target, key, shown),
          shown(after, key, shown), base.isPresent(),
          base.map(map -> shown(map, key, shown)).orElse(null), scope.contains(kind));
      if (interesting(item)) {
        out.add(masked == null ? item : shownAs(item,
            shown(masked.source.properties(kind), key, shown),
            shown(masked.target.properties(kind), key, shown),
            shown(masked.after.properties(kind), key, shown)));
      }
    }
    return out;
  }

  /** Walks one sorted map's entries in key order. */
  private static final class Cursor {
    private final Iterator<Map.Entry<String, String>> entries;
    private String key;
    private String value;

    Cursor(SortedMap<String, String> map) {
      this.entries = map.entrySet().iterator();
      next();
    }

    /** The value of {@code key} if this cursor stands on it (then it moves on), else null. */
    String take(String wanted) {
      if (key == null || !key.equals(wanted)) {
        return null;
      }
      String found = value;
      next();
      return found;
    }

    /** Moves past the keys before {@code wanted}, then as {@link #take}. */
    String seek(String wanted) {
      while (key != null && key.compareTo(wanted) < 0) {
        next();
      }
      return take(wanted);
    }

    private void next() {
      if (entries.hasNext()) {
        Map.Entry<String, String> entry = entries.next();
        key = entry.getKey();
        value = entry.getValue();
      } else {
        key = null;
        value = null;
      }
    }

    // the lesser of two keys, null standing for "none left"
    static String least(String a, String b) {
      return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
    }
  }

  // null values mean "absent"; hasBase says whether a base was given at all
  private static PreviewItem item(String key, String source, String target, String after,
      boolean hasBase, String base, boolean carried) {
    PreviewAction action = PreviewAction.between(target, after);
    boolean conflict = hasBase && action != PreviewAction.NO_CHANGE
        && !Objects.equals(base, target);
    return new PreviewItem(key, Optional.ofNullable(source), Optional.ofNullable(target),
        Optional.ofNullable(after), action, carried, conflict);
  }

  private static String shown(Map<String, String> map, String key,
      Function<String, String> shown) {
    return shown(map.get(key), shown);
  }

  private static String shown(String value, Function<String, String> shown) {
    return value == null ? null : shown.apply(value);
  }

  private static boolean interesting(PreviewItem item) {
    return item.changed() || !item.source().equals(item.target());
  }

  private static int changed(List<PreviewItem> items) {
    int changed = 0;
    for (PreviewItem item : items) {
      changed += item.changed() ? 1 : 0;
    }
    return changed;
  }

  // A file's diff is a pure function of its texts, the sensitive names and the limits; it is
  // immutable, so comparing unchanged files again costs a look-up.
  private FileDiff diff(String path, Optional<String> before, Optional<String> after,
      SensitiveNames sensitive) {
    long weight = before.map(String::length).orElse(0) + after.map(String::length).orElse(0);
    return DIFFS.get(new DiffKey(path, before, after, sensitive, limits), weight,
        () -> diffNew(path, before, after, sensitive));
  }

  private record DiffKey(String path, Optional<String> before, Optional<String> after,
      SensitiveNames sensitive, PreviewLimits limits) {}

  private FileDiff diffNew(String path, Optional<String> before, Optional<String> after,
      SensitiveNames sensitive) {
    PreviewAction action = before.isEmpty() ? PreviewAction.ADD
        : after.isEmpty() ? PreviewAction.REMOVE : PreviewAction.UPDATE;
    List<String> oldLines = lines(before.orElse(""));
    List<String> newLines = lines(after.orElse(""));
    int oldCount = lineCount(before.orElse(""), oldLines);
    int newCount = lineCount(after.orElse(""), newLines);
    if (before.orElse("").length() > limits.maxFileChars()
        || after.orElse("").length() > limits.maxFileChars()
        || oldLines.size() > limits.maxFileLines() || newLines.size() > limits.maxFileLines()) {
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.empty(), OptionalInt.empty());
    }
    Patch<String> patch = patch(oldLines, newLines);
    int added = 0;
    int removed = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      added += delta.getTarget().size();
      removed += delta.getSource().size();
    }
    if (added + removed > limits.maxDiffLines()) {
      // every added and removed line is a line of the unified diff: it is too long to show
      // whatever its context and headers, so it is neither written nor masked
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.of(added), OptionalInt.of(removed));
    }
    if (hunkLinesAtLeast(patch, CONTEXT) > limits.maxDiffLines()) {
      // the changed lines and the context each hunk shows around them already make the
      // unified diff too long: it is dropped below whatever it says, so it is not written
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.of(added), OptionalInt.of(removed));
    }
    List<String> unified = removalsFirst(masked(UnifiedDiffUtils.generateUnifiedDiff(
        before.isPresent() ? "a/" + path : "/dev/null",
        after.isPresent() ? "b/" + path : "/dev/null", oldLines, patch, CONTEXT),
        lines(sensitive.mask(path, before.orElse(""))),
        lines(sensitive.mask(path, after.orElse("")))));
    if (unified.size() > limits.maxDiffLines()) {
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.of(added), OptionalInt.of(removed));
    }
    return new FileDiff(path, action, Optional.of(String.join("\n", unified) + "\n"), false,
        oldCount, newCount, OptionalInt.of(added), OptionalInt.of(removed));
  }

  /**
   * The line diff: the only shortest one when a linear pass finds it (a promotion's in-place
   * edits almost always leave one), else the linear-space Myers variant, which gives that same
   * diff whenever it is the only shortest one.
   */
  static Patch<String> patch(List<String> oldLines, List<String> newLines) {
    Patch<String> unique = UniqueLineDiff.of(oldLines, newLines);
    if (unique != null) {
      return unique;
    }
    // chosen for this call only; inputs are bounded by the limits. Equal lines are made one
    // instance first, so that it compares them by identity: the same equality as the texts',
    // without comparing characters.
    canonical(oldLines, newLines);
    return DiffUtils.diff(oldLines, newLines,
        new MyersDiffWithLinearSpace<String>((a, b) -> a == b));
  }

  /** Replaces every line of both lists by the first instance of an equal line. */
  private static void canonical(List<String> oldLines, List<String> newLines) {
    Map<String, String> first = new HashMap<>(2 * (oldLines.size() + newLines.size()));
    for (List<String> lines : List.of(oldLines, newLines)) {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String known = first.putIfAbsent(line, line);
        if (known != null) {
          lines.set(i, known);
        }
      }
    }
  }

  /**
   * A lower bound of the lines of the unified diff of {@code patch}: every changed line, and
   * between two changes the old lines that separate them, up to {@code context} (lines so
   * close together share a hunk and all show; lines further apart show at least the context
   * after the first change). Headers are not counted.
   */
  private static long hunkLinesAtLeast(Patch<String> patch, int context) {
    long lines = 0;
    int previousEnd = -1;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      lines += delta.getSource().size() + delta.getTarget().size();
      int start = delta.getSource().getPosition();
      if (previousEnd >= 0) {
        lines += Math.max(0, Math.min(start - previousEnd, context));
      }
      previousEnd = start + delta.getSource().size();
    }
    return lines;
  }

  /**
   * The diff of the real texts shown with the masked texts' lines: each line of a hunk is
   * replaced by the masked line at the same place (masking keeps every line where it was), so
   * a changed secret shows as a changed line without its value.
   */
  private static List<String> masked(List<String> unified, List<String> oldShown,
      List<String> newShown) {
    List<String> out = new ArrayList<>(unified.size());
    int oldAt = 0;
    int newAt = 0;
    boolean inHunk = false;
    for (String line : unified) {
      Matcher hunk = HUNK.matcher(line);
      if (hunk.lookingAt()) {
        inHunk = true;
        oldAt = Integer.parseInt(hunk.group(1)) - 1;
        newAt = Integer.parseInt(hunk.group(2)) - 1;
        out.add(line);
      } else if (!inHunk || line.isEmpty()) {
        out.add(line);
      } else if (line.charAt(0) == '-') {
        out.add("-" + at(oldShown, oldAt++));
      } else if (line.charAt(0) == '+') {
        out.add("+" + at(newShown, newAt++));
      } else {
        out.add(" " + at(newShown, newAt++));
        oldAt++;
      }
    }
    return out;
  }

  // the masked line, or the whole line masked when the texts disagree in shape
  private static String at(List<String> shown, int index) {
    return index >= 0 && index < shown.size() ? shown.get(index) : SensitiveNames.MASK;
  }

  /**
   * The linear-space algorithm reports a changed line as an insertion then a deletion; within
   * each run of changed lines put the removals first, as git and diff(1) do. Both sides of the
   * hunk keep their order, so the diff means the same.
   */
  static List<String> removalsFirst(List<String> unified) {
    List<String> out = new ArrayList<>(unified.size());
    List<String> added = new ArrayList<>();
    boolean inHunk = false;
    char last = ' ';
    for (String line : unified) {
      if (line.startsWith("\\")) {
        // "\ No newline at end of file" belongs to the line before it
        (last == '+' ? added : out).add(line);
        continue;
      }
      boolean change = inHunk && (line.startsWith("+") || line.startsWith("-"));
      last = change ? line.charAt(0) : ' ';
      if (change && last == '+') {
        added.add(line);
        continue;
      }
      if (!change) {
        out.addAll(added);
        added.clear();
      }
      out.add(line);
      inHunk = inHunk || line.startsWith("@@");
    }
    out.addAll(added);
    return out;
  }

  // lines without their '\n'; a last line without one is followed by the marker diff(1) uses
  static List<String> lines(String text) {
    // sized for lines of about 32 characters, so that a long text's list grows once or twice
    List<String> lines = new ArrayList<>(Math.max(10, text.length() >> 5));
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        lines.add(text.substring(start));
        lines.add(NO_NEWLINE);
        break;
      }
      lines.add(text.substring(start, end));
      start = end + 1;
    }
    return lines;
  }

  /**
   * The lines of {@code text} as {@link #lineCount(String)} counts them, from its {@link
   * #lines}: each line but a last one without a line break, which is followed by the marker.
   */
  private static int lineCount(String text, List<String> lines) {
    return text.isEmpty() || text.endsWith("\n") ? lines.size() : lines.size() - 1;
  }

  private static int lineCount(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    return text.isEmpty() || text.endsWith("\n") ? count : count + 1;
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash, 0, 6) + " (" + lineCount(text)
          + " lines)";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private record Snapshots(Snapshot source, Snapshot target, Snapshot after,
      Optional<Snapshot> base) {
    List<Snapshot> all() {
      return List.of(after, target, source);
    }
  }
}
