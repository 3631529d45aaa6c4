package dev.baton.manifests;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.ScalarText;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.manifests.MoveRules.Verdict;
import dev.baton.manifests.TreeDiff.Delta;
import dev.baton.manifests.TreeDiff.Seg;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Plans what a promotion writes into the target environment's folder, so that its commit is the
 * one a careful engineer would write by hand.
 *
 * <p><b>What moves.</b> By default the workload versions only ({@link
 * PromotableProperty#IMAGE_TAGS}): Kustomize {@code images[]} {@code newTag} and {@code digest}
 * by image name; the tag and digest of container and init container images in any manifest or
 * patch, by document ({@code kind} and {@code metadata.name}) and container name, the image's
 * repository staying the target's; Helm values {@code image.tag} and {@code image.digest} at any
 * depth of {@code values.yaml}, {@code values-*.yaml} and {@code *-values.yaml}. Other categories
 * ({@code replicas}, {@code resources}, {@code values}, {@code variables}, {@code bindings}) and
 * the pipeline's {@link PromotionRule rules} move more. Everything else stays as the target has
 * it; a file only the target has is never deleted and a file only the source has never added,
 * unless a whole-file rule or category says so.
 *
 * <p><b>Matching.</b> Files pair by path; a file named after the environment
 * ({@code values-staging.yaml}) pairs with the other environment's
 * ({@code values-production.yaml}).
 * Documents of multi-document files pair by {@code kind} and {@code metadata.name}; lists of
 * named items (containers, images, env) pair by name, never by position.
 *
 * <p><b>How it is written.</b> Only the bytes of what moves change, located by the YAML
 * parser's node positions: comments, blank lines, order, quoting, document markers and line
 * endings survive. A value is quoted where, unquoted, it would read as another type. An
 * edit of a node that an alias shares is refused, naming the file and line.
 *
 * <p>The plan also lists every difference between the environments with whether it moves and
 * why. Planning again on the result moves nothing. Plans are cached by content (both
 * environments' files with their revisions, the scope, the rules, the sensitive names and the
 * limits; a bounded least-recently-used cache): planning unchanged files again costs a look-up.
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class PromotionPlanner {
  private static final ContentCache<Key, PromotionPlan> PLANS =
      new ContentCache<>(1024, 16L << 20);

  private final YamlLimits limits;

  private PromotionPlanner(YamlLimits limits) {
    this.limits = limits;
  }

  /**
   * A planner with {@link DocumentLimits#defaults()}.
   *
   * @since 0.1
   */
  public static PromotionPlanner create() {
    return create(DocumentLimits.defaults());
  }

  /**
   * A planner with the given limits on each parsed file.
   *
   * @since 0.1
   */
  public static PromotionPlanner create(DocumentLimits limits) {
    return new PromotionPlanner(Objects.requireNonNull(limits, "limits").toYaml());
  }

  /**
   * The problems of rules' JSONPath expressions, one line each; empty when all are valid.
   *
   * @since 0.1
   */
  public static List<String> ruleProblems(List<PromotionRule> rules) {
    return MoveRules.problems(Objects.requireNonNull(rules, "rules"));
  }

  /**
   * Plans a promotion.
   *
   * @param source the source environment's files
   * @param target the target environment's files as they are now
   * @param scope the categories that move
   * @param rules the rules that move more
   * @return the file changes and every difference with whether it moves
   * @throws BatonException when a file of either environment is refused, or an edit cannot be
   *     made in place (nothing is returned)
   * @since 0.1
   */
  public PromotionPlan plan(EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope, List<PromotionRule> rules) {
    return plan(source, target, scope, rules, SensitiveNames.defaults());
  }

  /**
   * Plans a promotion, marking the differences whose values are sensitive by {@code sensitive}
   * (the plan holds the real values; {@link Difference#masked()} is for people).
   *
   * @throws BatonException as {@link #plan(EnvironmentFiles, EnvironmentFiles, Set, List)}
   * @since 0.1
   */
  public PromotionPlan plan(EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope, List<PromotionRule> rules, SensitiveNames sensitive) {
    Objects.requireNonNull(sensitive, "sensitive");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (scope == null || rules == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "scope and rules are required");
    }
    // a plan is a pure function of its inputs: planned again (a preview, then the execution's
    // check that the target still holds what was approved) it costs a look-up
    Key key = new Key(source, target, keyOf(scope), keyOf(rules), sensitive, limits);
    return PLANS.get(key, () -> GitOpsReader.weight(source) + GitOpsReader.weight(target),
        () -> planNew(source, target, scope, rules, sensitive));
  }

  // The key keeps its own copy, which nobody can change: an unmodifiable collection is its own
  // copy (Set.of, List.of: what most callers pass), so it costs no allocation. A collection
  // holding null (which those refuse) is copied as before, and refused by planNew.
  private static Set<PromotableProperty> keyOf(Set<PromotableProperty> scope) {
    for (PromotableProperty property : scope) {
      if (property == null) {
        return new HashSet<>(scope);
      }
    }
    return Set.copyOf(scope);
  }

  private static List<PromotionRule> keyOf(List<PromotionRule> rules) {
    for (PromotionRule rule : rules) {
      if (rule == null) {
        return new ArrayList<>(rules);
      }
    }
    return List.copyOf(rules);
  }

  /**
   * A plan's inputs, compared by equality. Its hash is taken once, when it is made: a miss
   * (every new plan) asks for it twice, for the look-up and for the insertion, and it hashes
   * both environments' files.
   */
  private static final class Key {
    private final EnvironmentFiles source;
    private final EnvironmentFiles target;
    private final Set<PromotableProperty> scope;
    private final List<PromotionRule> rules;
    private final SensitiveNames sensitive;
    private final YamlLimits limits;
    private final int hash;

    Key(EnvironmentFiles source, EnvironmentFiles target, Set<PromotableProperty> scope,
        List<PromotionRule> rules, SensitiveNames sensitive, YamlLimits limits) {
      this.source = source;
      this.target = target;
      this.scope = scope;
      this.rules = rules;
      this.sensitive = sensitive;
      this.limits = limits;
      int h = source.hashCode();
      h = 31 * h + target.hashCode();
      h = 31 * h + scope.hashCode();
      h = 31 * h + rules.hashCode();
      h = 31 * h + sensitive.hashCode();
      this.hash = 31 * h + limits.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && source.equals(k.source)
          && target.equals(k.target) && scope.equals(k.scope) && rules.equals(k.rules)
          && sensitive.equals(k.sensitive) && limits.equals(k.limits);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private PromotionPlan planNew(EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope, List<PromotionRule> rules, SensitiveNames sensitive) {
    MoveRules moves = MoveRules.of(scope, rules);
    TreeMap<String, FileChange> changes = new TreeMap<>();
    List<Difference> differences = new ArrayList<>();
    List<Difference> backwards = new ArrayList<>();
    Map<String, String> pairs = FilePairs.pair(source, target);
    for (Map.Entry<String, String> pair : pairs.entrySet()) {
      String targetPath = pair.getKey();
      String sourcePath = pair.getValue();
      String sourceText = sourcePath == null ? null : source.files().get(sourcePath);
      String targetText = target.files().get(targetPath);
      if (Objects.equals(sourceText, targetText)) {
        continue;
      }
      Optional<String> whole = moves.wholeFile(targetPath);
      if (whole.isPresent()) {
        // A whole file moves with its executable bit (a script a rule copies stays runnable).
        changes.put(targetPath, sourceText == null ? FileChange.delete(targetPath)
            : FileChange.write(targetPath, sourceText, source.isExecutable(sourcePath)));
        differences.add(fileDifference(targetPath, sourceText, targetText, true, whole.get()));
      } else if (sourceText == null) {
        differences.add(fileDifference(targetPath, null, targetText, false,
            "stays: only the target has this file (never deleted unless a rule says so)"));
      } else if (targetText == null) {
        differences.add(fileDifference(targetPath, sourceText, null, false,
            "stays: only the source has this file (never added unless a rule says so)"));
      } else {
        Optional<String> edited = inFile(targetPath, sourcePath, sourceText, targetText, moves,
            sensitive, differences, backwards);
        edited.filter(text -> !text.equals(targetText))
            .ifPresent(text -> changes.put(targetPath,
                FileChange.write(targetPath, text, target.isExecutable(targetPath))));
      }
    }
    return new PromotionPlan(scope, rules, List.copyOf(changes.values()), differences,
        backwards, sensitive);
  }

  /**
   * The target's files after the changes: each change writes or deletes one file. The result
   * keeps the target's environment and revision; it is what the target will hold, not a revision
   * that exists. Executable bits are sticky, as {@link FileChange} says.
   *
   * @since 0.1
   */
  public static EnvironmentFiles applyTo(EnvironmentFiles target, List<FileChange> changes) {
    TreeMap<String, String> files = new TreeMap<>(target.files());
    TreeSet<String> executable = new TreeSet<>(target.executable());
    for (FileChange change : changes) {
      if (change.content().isPresent()) {
        files.put(change.path(), change.content().get());
        if (change.executable()) {
          executable.add(change.path());
        }
      } else {
        files.remove(change.path());
        executable.remove(change.path());
      }
    }
    return new EnvironmentFiles(target.environment(), target.revision(), files, executable);
  }

  /** Differences inside a file both sides have; the edited target text when anything moves. */
  private Optional<String> inFile(String targetPath, String sourcePath, String sourceText,
      String targetText, MoveRules moves, SensitiveNames sensitive,
      List<Difference> differences, List<Difference> backwards) {
    Optional<YamlFile> from = parse(sourcePath, sourceText);
    Optional<YamlFile> to = parse(targetPath, targetText);
    if (from.isEmpty() || to.isEmpty()) {
      differences.add(fileDifference(targetPath, sourceText, targetText, false,
          "stays: the file differs (a whole-file rule moves it)"));
      return Optional.empty();
    }
    SensitiveNodes fromSensitive = SensitiveNodes.of(from.get(), sensitive);
    SensitiveNodes toSensitive = SensitiveNodes.of(to.get(), sensitive);
    TargetEdits edits = new TargetEdits(to.get());
    for (DocumentPairs.Pair docs : DocumentPairs.of(from.get(), to.get())) {
      if (docs.source() == null || docs.target() == null) {
        differences.add(new Difference(targetPath, docs.label(),
            Optional.ofNullable(docs.source()).map(n -> "(document)"),
            Optional.ofNullable(docs.target()).map(n -> "(document)"), false,
            docs.source() == null ? "stays: only the target has this document"
                : "stays: only the source has this document (a whole-file rule adds it)"));
        continue;
      }
      Map<List<Seg>, String> selected = moves.selected(targetPath, docs.target());
      moves.selected(targetPath, docs.source()).forEach(selected::putIfAbsent);
      // each delta's verdict at the same index (every delta has its own path: no two are equal)
      List<Delta> deltas = TreeDiff.between(docs.source(), docs.target(), limits.maxDepth());
      List<Verdict> verdicts = new ArrayList<>(deltas.size());
      for (Delta delta : deltas) {
        verdicts.add(moves.decide(targetPath, delta, selected));
      }
      Predicate<Node> allMove = new WholeMappings(deltas, verdicts);
      for (int i = 0; i < deltas.size(); i++) {
        Delta delta = deltas.get(i);
        Verdict verdict = verdicts.get(i);
        String where = docs.label().isEmpty() ? TreeDiff.show(delta.path())
            : docs.label() + ": " + TreeDiff.show(delta.path());
        Difference difference = new Difference(targetPath, where, Shown.of(delta.source()),
            Shown.of(delta.target()), verdict.moves(), verdict.reason(),
            fromSensitive.touches(delta.source()) || toSensitive.touches(delta.target()));
        differences.add(difference);
        if (verdict.moves() && verdict.version() && backwards(delta, verdict)) {
          backwards.add(difference);
        }
        if (verdict.moves()) {
          edit(edits, from.get(), delta, verdict, allMove);
        }
      }
    }
    // the source's text when the edits make it (every difference moves)
    return edits.isEmpty() ? Optional.empty() : Optional.of(edits.apply(sourceText));
  }

  private static void edit(TargetEdits edits, YamlFile from, Delta delta, Verdict verdict,
      Predicate<Node> allMove) {
    if (delta.source() instanceof ScalarNode s && delta.target() instanceof ScalarNode t) {
      ScalarText value = verdict.image()
          ? new ScalarText(ImageRef.parse(t.getValue()).withVersionOf(
              ImageRef.parse(s.getValue())), false)
          : ScalarText.of(s);
      edits.setScalar(t, value);
    } else if (delta.source() != null && delta.target() != null) {
      edits.replace(delta.target(), from, delta.source());
    } else if (delta.targetParent() instanceof MappingNode parent && delta.key().isPresent()) {
      if (delta.sourceParent() instanceof MappingNode && allMove.test(parent)) {
        edits.replace(parent, from, delta.sourceParent());
      } else if (delta.target() == null) {
        edits.insert(parent, delta.key().get(), from, delta.source());
      } else {
        edits.remove(parent, delta.key().get());
      }
    } else if (delta.targetParent() != null && delta.sourceParent() != null) {
      // an item added to or gone from a list of named items: the list moves as a whole
      edits.replace(delta.targetParent(), from, delta.sourceParent());
    } else {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT, from.path() + ": "
          + TreeDiff.show(delta.path()) + " cannot be moved in place");
    }
  }

  /**
   * Whether a target mapping is better replaced whole than edited entry by entry: entries of a
   * flow mapping, a mapping's only entry, or entries added and removed at its end together
   * cannot be edited in place; when everything that differs in the mapping moves, the mapping
   * moves whole, which writes the same result. What the deltas say of each mapping is gathered
   * in one pass over them, at the first question (most documents never ask): asking for every
   * entry added to a mapping costs a look-up each, not a pass over all the deltas each. One per
   * document's deltas; not thread-safe.
   */
  static final class WholeMappings implements Predicate<Node> {
    private static final int STAYS = 1;
    private static final int ADDS = 2;
    private static final int REMOVES = 4;
    private final List<Delta> deltas;
    private final List<Verdict> verdicts;
    // per target parent, what its deltas do (STAYS: one of them does not move)
    private Map<Node, Integer> parents;

    WholeMappings(List<Delta> deltas, List<Verdict> verdicts) {
      this.deltas = deltas;
      this.verdicts = verdicts;
    }

    @Override
    public boolean test(Node parent) {
      if (!(parent instanceof MappingNode mapping)) {
        return false;
      }
      if (parents == null) {
        parents = new IdentityHashMap<>();
        for (int i = 0; i < deltas.size(); i++) {
          Delta delta = deltas.get(i);
          int what = (verdicts.get(i).moves() ? 0 : STAYS)
              | (delta.target() == null ? ADDS : 0) | (delta.source() == null ? REMOVES : 0);
          parents.merge(delta.targetParent(), what, (a, b) -> a | b);
        }
      }
      int what = parents.getOrDefault(mapping, 0);
      if ((what & STAYS) != 0) {
        return false;
      }
      boolean adds = (what & ADDS) != 0;
      boolean removes = (what & REMOVES) != 0;
      return mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW && (adds || removes)
          || removes && (adds || mapping.getValue().size() == 1);
    }
  }

  /** Whether a moving version is older than the one the target has. */
  private static boolean backwards(Delta delta, Verdict verdict) {
    if (!(delta.source() instanceof ScalarNode s) || !(delta.target() instanceof ScalarNode t)) {
      return false;
    }
    String from = verdict.image() ? ImageRef.parse(s.getValue()).tag() : s.getValue();
    String to = verdict.image() ? ImageRef.parse(t.getValue()).tag() : t.getValue();
    return Versions.compare(from, to).map(c -> c < 0).orElse(false);
  }

  /** The file parsed, or empty for a Helm template, which is not YAML until rendered. */
  private Optional<YamlFile> parse(String path, String text) {
    if (!FileKind.yaml(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(YamlFile.parse(path, text, limits));
    } catch (BatonException e) {
      if (path.startsWith("templates/") || path.contains("/templates/") || text.contains("{{")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Difference fileDifference(String path, String source, String target,
      boolean moves, String reason) {
    return new Difference(path, "", Optional.ofNullable(source).map(Shown::file),
        Optional.ofNullable(target).map(Shown::file), moves, reason);
  }
}
