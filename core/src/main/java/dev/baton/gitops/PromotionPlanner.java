package dev.baton.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans what a promotion writes into the target environment's folder: the source's in-scope
 * properties, with everything out of scope left as the target has it (so staging's replica count
 * never lands in production by accident). File conventions are those of {@link GitOpsReader}.
 *
 * <p>Rules per property:
 *
 * <ul>
 *   <li>IMAGE_TAGS: the kustomization's {@code images} list, and each Helm {@code image.tag} /
 *       {@code <key>.image.tag}.
 *   <li>REPLICAS: the kustomization's {@code replicas} list, and each Helm {@code replicaCount} /
 *       {@code <key>.replicaCount}.
 *   <li>RESOURCES: each Helm {@code resources} / {@code <key>.resources} subtree.
 *   <li>VALUES: every other Helm value. The source's values replace the target's: a value the
 *       source removed is removed from the target too.
 *   <li>VARIABLES: the variables file, copied whole (or deleted when the source has none).
 *   <li>BINDINGS: every other file copied whole, added, updated and deleted to match the source;
 *       and the kustomization's keys other than {@code images} and {@code replicas}.
 * </ul>
 *
 * In every case "from the source" includes absence: an in-scope property the source does not
 * declare is removed from the target. Values are carried raw, placeholders unresolved, so each
 * environment resolves them from its own variables.
 *
 * <p>Files: a file copied whole keeps the source's bytes. Values files (matched by path) and the
 * kustomization (matched whatever its spelling; the target's spelling is kept) are merged: when
 * the merge equals the target's content nothing is written, so the target's comments and layout
 * survive; when it equals the source's content the source's text is written byte for byte;
 * otherwise the merge is written as plain block YAML, which loses the comments and
 * the original layout of that file. A values file or kustomization the target lacks is created
 * holding only the in-scope parts, and not at all when nothing is in scope; a merged file left
 * with nothing in it is deleted.
 *
 * <p>Known limit: where one environment has a map and the other a plain value at the top level
 * or at {@code <key>.image} (say {@code image: nginx:1} against {@code image: {tag: 1}}), the
 * whole node follows VALUES, whatever the scope says about the image tag or replicas inside it.
 *
 * <p>{@link #plan} returns only changes that alter a file, sorted by path; planning again on the
 * result returns nothing. Immutable and thread-safe.
 */
public final class PromotionPlanner {
  private final YamlLimits limits;

  private PromotionPlanner(YamlLimits limits) {
    this.limits = limits;
  }

  /** A planner with {@link DocumentLimits#defaults()}. */
  public static PromotionPlanner create() {
    return create(DocumentLimits.defaults());
  }

  /** A planner with the given limits on each parsed file. */
  public static PromotionPlanner create(DocumentLimits limits) {
    return new PromotionPlanner(Objects.requireNonNull(limits, "limits").toYaml());
  }

  /**
   * The changes that carry the in-scope properties of {@code source} into {@code target}.
   *
   * @param source the source environment's files
   * @param target the target environment's files as they are now
   * @param scope the properties to carry; empty means nothing changes
   * @return changes to the target's files, only those that alter a file, sorted by path
   * @throws BatonException when a file of either environment is refused (nothing is returned)
   */
  public List<FileChange> plan(EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (scope == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "scope is required");
    }
    Set<PromotableProperty> carried = scope.isEmpty() ? EnumSet.noneOf(PromotableProperty.class)
        : EnumSet.copyOf(scope);
    EnvironmentModel from = EnvironmentModel.parse(source, limits);
    EnvironmentModel to = EnvironmentModel.parse(target, limits);
    TreeMap<String, FileChange> changes = new TreeMap<>();

    TreeSet<String> valuesPaths = new TreeSet<>(from.values.keySet());
    valuesPaths.addAll(to.values.keySet());
    for (String path : valuesPaths) {
      ObjectNode sourceTree = from.values.get(path);
      ObjectNode targetTree = to.values.get(path);
      Optional<ObjectNode> merged = HelmValues.merge(sourceTree, targetTree, carried);
      mergedFile(path, source.files().get(path), sourceTree, target.files().get(path),
          targetTree, merged, changes);
    }

    if (from.kustomizationPath.isPresent() || to.kustomizationPath.isPresent()) {
      String path = to.kustomizationPath.orElseGet(from.kustomizationPath::get);
      ObjectNode sourceTree = from.kustomizationPath.isPresent() ? from.kustomization : null;
      ObjectNode targetTree = to.kustomizationPath.isPresent() ? to.kustomization : null;
      ObjectNode merged = mergeKustomization(from.kustomization, to.kustomization, carried);
      mergedFile(path, from.kustomizationPath.map(source.files()::get).orElse(null),
          sourceTree, to.kustomizationPath.map(target.files()::get).orElse(null), targetTree,
          merged.isEmpty() ? Optional.empty() : Optional.of(merged), changes);
    }

    if (carried.contains(PromotableProperty.VARIABLES)) {
      for (String path : FileKind.VARIABLES_NAMES) {
        mirror(path, source.files().get(path), target.files().get(path), changes);
      }
    }
    if (carried.contains(PromotableProperty.BINDINGS)) {
      TreeSet<String> paths = new TreeSet<>(from.bindings.keySet());
      paths.addAll(to.bindings.keySet());
      for (String path : paths) {
        mirror(path, from.bindings.get(path), to.bindings.get(path), changes);
      }
    }
    return List.copyOf(changes.values());
  }

  /**
   * The target's files after the changes: each change writes or deletes one file. The result
   * keeps the target's environment and revision; it is what the target will hold, not a revision
   * that exists.
   */
  public static EnvironmentFiles applyTo(EnvironmentFiles target, List<FileChange> changes) {
    TreeMap<String, String> files = new TreeMap<>(target.files());
    for (FileChange change : changes) {
      if (change.content().isPresent()) {
        files.put(change.path(), change.content().get());
      } else {
        files.remove(change.path());
      }
    }
    return new EnvironmentFiles(target.environment(), target.revision(), files);
  }

  private static ObjectNode mergeKustomization(ObjectNode source, ObjectNode target,
      Set<PromotableProperty> scope) {
    ObjectNode base = scope.contains(PromotableProperty.BINDINGS) ? source : target;
    JsonNode images =
        (scope.contains(PromotableProperty.IMAGE_TAGS) ? source : target).get("images");
    JsonNode replicas =
        (scope.contains(PromotableProperty.REPLICAS) ? source : target).get("replicas");
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      // the carried lists take the place the base file gives them
      JsonNode value = key.equals("images") ? images
          : key.equals("replicas") ? replicas : field.getValue();
      if (value != null) {
        out.set(key, value.deepCopy());
      }
    }
    if (images != null && !out.has("images")) {
      out.set("images", images.deepCopy());
    }
    if (replicas != null && !out.has("replicas")) {
      out.set("replicas", replicas.deepCopy());
    }
    return out;
  }

  private static void mergedFile(String path, String sourceText, ObjectNode sourceTree,
      String targetText, ObjectNode targetTree, Optional<ObjectNode> merged,
      Map<String, FileChange> changes) {
    if (merged.isEmpty()) {
      if (targetTree != null && !targetTree.isEmpty()) {
        changes.put(path, FileChange.delete(path));
      }
      return;
    }
    ObjectNode result = merged.get();
    if (result.equals(targetTree)) {
      return;
    }
    String text = result.equals(sourceTree) ? sourceText : SafeYaml.write(result);
    if (!text.equals(targetText)) {
      changes.put(path, FileChange.write(path, text));
    }
  }

  private static void mirror(String path, String sourceText, String targetText,
      Map<String, FileChange> changes) {
    if (sourceText == null) {
      if (targetText != null) {
        changes.put(path, FileChange.delete(path));
      }
    } else if (!sourceText.equals(targetText)) {
      changes.put(path, FileChange.write(path, sourceText));
    }
  }
}
