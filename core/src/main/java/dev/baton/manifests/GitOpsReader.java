package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an environment folder into a {@link Snapshot}, following Baton's file conventions
 * (paths relative to the folder; only top-level files are special):
 *
 * <ul>
 *   <li>{@code kustomization.yaml} (or {@code .yml}, or {@code Kustomization}): its
 *       {@code images} entries ({@code name}, {@code newName}, {@code newTag}, {@code digest})
 *       are workload image tags keyed by image name, its {@code replicas} entries
 *       ({@code name}, {@code count}) workload replicas; everything else in it is a binding.
 *   <li>{@code values.yaml}, {@code values.yml} and {@code values-*.yaml|yml}: Helm values. The
 *       top-level {@code image.tag}, {@code replicaCount} and {@code resources} form a workload
 *       named by {@code fullnameOverride}, {@code nameOverride} or the file's base name; each
 *       top-level key whose map has {@code image.tag}, {@code replicaCount} or {@code resources}
 *       is a workload named by that key (umbrella charts). All other values are flattened to
 *       dotted paths.
 *   <li>{@code variables.yaml} (or {@code .yml}): a flat map of NAME to scalar.
 *   <li>every other file, at any depth: a binding, kept as text and never parsed.
 * </ul>
 *
 * <p>Which Helm values belong to which property is decided by the shape of the path alone, so
 * that two environments always agree: {@code <key>.resources} is a resources property for every
 * top-level key (an {@code rbac.resources} list included), and {@code <key>.replicaCount} a
 * replica count. An empty map at the top level or at {@code <key>.image} is not listed as a value,
 * because it may fill with other properties.
 *
 * <p>{@link #read} resolves {@code ${NAME}} placeholders in workload properties and values from
 * the same environment's variables; a placeholder naming no variable stays literal and adds a
 * warning. {@link #readUnresolved} leaves every placeholder as written.
 *
 * <p>A file that breaks the YAML rules of {@link DocumentLimits} or the conventions (for
 * example a values file that is a list, both {@code variables.yaml} and {@code variables.yml},
 * an {@code images} entry without a name) is refused with a {@link BatonException} naming the
 * environment and the file.
 *
 * <p>Snapshots are cached by content (the files, the limits and the way of reading, whatever
 * the revision, and the environment's name only when the snapshot has warnings, which name it;
 * a bounded least-recently-used cache shared by every reader): reading the same files again, at
 * another revision or in another environment, costs a look-up.
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class GitOpsReader {
  private static final ContentCache<Key, Snapshot> SNAPSHOTS =
      new ContentCache<>(1024, 16L << 20);

  private final YamlLimits limits;

  private GitOpsReader(YamlLimits limits) {
    this.limits = limits;
  }

  /**
   * A reader with {@link DocumentLimits#defaults()}.
   *
   * @since 0.1
   */
  public static GitOpsReader create() {
    return create(DocumentLimits.defaults());
  }

  /**
   * A reader with the given limits on each parsed file.
   *
   * @since 0.1
   */
  public static GitOpsReader create(DocumentLimits limits) {
    return new GitOpsReader(Objects.requireNonNull(limits, "limits").toYaml());
  }

  /**
   * The snapshot with placeholders resolved from the environment's own variables.
   *
   * @since 0.1
   */
  public Snapshot read(EnvironmentFiles files) {
    return cached(Objects.requireNonNull(files, "files"), true, Optional.empty());
  }

  /**
   * The snapshot as people may see it: as {@link #read}, with the values of sensitive variables
   * shown as {@link SensitiveNames#MASK}, placeholders of sensitive variables resolved to
   * {@code <sensitive:NAME>}, values under sensitive keys masked, and bindings' text masked by
   * {@link SensitiveNames#mask}. For display only: compare environments with {@link #read}.
   *
   * @since 0.1
   */
  public Snapshot readMasked(EnvironmentFiles files, SensitiveNames sensitive) {
    Objects.requireNonNull(sensitive, "sensitive");
    return cached(Objects.requireNonNull(files, "files"), true, Optional.of(sensitive));
  }

  /**
   * The snapshot with placeholders left as written, and no warnings about them.
   *
   * @since 0.1
   */
  public Snapshot readUnresolved(EnvironmentFiles files) {
    return cached(Objects.requireNonNull(files, "files"), false, Optional.empty());
  }

  // A snapshot is a pure function of the environment's name and files, the limits and how it is
  // read; the revision is only stamped on it. The name itself only shows in warnings: a snapshot
  // without any is the same for every environment holding the same files. It is immutable, so
  // one serves every reader of the same files at any revision and, without warnings, in any
  // environment: a target holding what the last promotion wrote into it, or the target after a
  // promotion, which holds what the source holds, is not read again.
  private Snapshot cached(EnvironmentFiles files, boolean resolve,
      Optional<SensitiveNames> masked) {
    // the weight is a walk over the files, taken only on a miss (a hit, the usual read of a
    // target or a base, does not need it)
    LongSupplier weight = () -> weight(files);
    Supplier<Snapshot> read = () -> snapshot(EnvironmentModel.parse(files, limits), resolve,
        masked);
    // the files' hash (every path and text) is taken once, for both keys and both map calls
    int filesHash = files.files().hashCode();
    Snapshot snapshot = SNAPSHOTS.get(new Key(Optional.empty(), files.files(), filesHash, limits,
        resolve, masked), weight, read);
    if (!snapshot.warnings().isEmpty()
        && !snapshot.environment().equals(files.environment())) {
      // its warnings name the environment that read it first: this one reads its own
      snapshot = SNAPSHOTS.get(new Key(Optional.of(files.environment()), files.files(),
          filesHash, limits, resolve, masked), weight, read);
    }
    return snapshot.environment().equals(files.environment())
        && snapshot.revision().equals(files.revision()) ? snapshot
        : new Snapshot(files.environment(), files.revision(), snapshot.workloads(),
            snapshot.values(), snapshot.bindings(), snapshot.variables(), snapshot.warnings());
  }

  /** The characters of text an environment's files hold. */
  static long weight(EnvironmentFiles files) {
    long chars = 0;
    for (Map.Entry<String, String> file : files.files().entrySet()) {
      chars += file.getKey().length() + file.getValue().length();
    }
    return chars;
  }

  // environment: empty for the entry of any environment (the first reader's, stamped again)
  /**
   * A snapshot's inputs, compared by equality; {@code filesHash} is {@code files.hashCode()},
   * taken once by the caller (a miss asks for the hash twice, and it hashes every file).
   */
  private static final class Key {
    private final Optional<EnvironmentName> environment;
    private final Map<String, String> files;
    private final YamlLimits limits;
    private final boolean resolve;
    private final Optional<SensitiveNames> masked;
    private final int hash;

    Key(Optional<EnvironmentName> environment, Map<String, String> files, int filesHash,
        YamlLimits limits, boolean resolve, Optional<SensitiveNames> masked) {
      this.environment = environment;
      this.files = files;
      this.limits = limits;
      this.resolve = resolve;
      this.masked = masked;
      int h = environment.hashCode();
      h = 31 * h + filesHash;
      h = 31 * h + limits.hashCode();
      h = 31 * h + Boolean.hashCode(resolve);
      this.hash = 31 * h + masked.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && resolve == k.resolve
          && environment.equals(k.environment) && limits.equals(k.limits)
          && masked.equals(k.masked) && files.equals(k.files);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  static Snapshot snapshot(EnvironmentModel model, boolean resolve,
      Optional<SensitiveNames> masked) {
    String env = model.files.environment().value();
    TreeSet<String> warnings = new TreeSet<>();
    Map<String, String> variables = model.variableTexts();
    Map<String, String> resolvedWith = variables;
    if (masked.isPresent()) {
      SensitiveNames names = masked.get();
      Map<String, String> shown = new LinkedHashMap<>();
      resolvedWith = new LinkedHashMap<>();
      for (Map.Entry<String, String> v : variables.entrySet()) {
        boolean hidden = names.matches(v.getKey());
        shown.put(v.getKey(), hidden ? SensitiveNames.MASK : v.getValue());
        resolvedWith.put(v.getKey(), hidden ? SensitiveNames.maskOf(v.getKey()) : v.getValue());
      }
      variables = shown;
    }
    Placeholders placeholders = new Placeholders(resolvedWith,
        model.variablesPath.orElse(FileKind.VARIABLES_NAMES.get(0)), warnings);
    // a text without a placeholder is itself: its place is only named in a warning
    Resolver resolver = resolve
        ? (text, where) -> text.indexOf("${") < 0 ? text
            : placeholders.resolve(text, env + ": " + where)
        : (text, where) -> text;

    TreeMap<String, Workload> workloads = new TreeMap<>();
    kustomizeWorkloads(model, resolver, workloads);
    SortedMap<String, String> values = new TreeMap<>();
    for (Map.Entry<String, MappingNode> file : model.values.entrySet()) {
      helmWorkloads(file.getKey(), file.getValue(), resolver, workloads);
    }
    if (model.values.size() == 1) {
      // one values file (the usual case): its leaves are the values, already in key order
      ValueLeaves leaves = model.valueLeaves(model.values.firstKey());
      if (!resolve || !leaves.placeholders()) {
        values = masked.map(leaves::plainMasked).orElse(leaves.plain());
      } else {
        values = values(leaves, resolver, masked);
      }
    } else {
      for (String path : model.values.keySet()) {
        values.putAll(values(model.valueLeaves(path), resolver, masked));
      }
    }

    TreeMap<String, String> bindings = new TreeMap<>(model.bindings);
    masked.ifPresent(names -> bindings.replaceAll(names::mask));
    // without a kustomization (an empty tree) there is no remainder to copy
    ObjectNode remainder = model.kustomization.isEmpty() ? null
        : model.kustomization.deepCopy();
    if (remainder != null) {
      remainder.remove("images");
      remainder.remove("replicas");
    }
    if (remainder != null && !remainder.isEmpty()) {
      String text = SafeYaml.write(sorted(remainder));
      bindings.put(FileKind.KUSTOMIZATION_KEY, masked.map(names -> names.mask(
          FileKind.KUSTOMIZATION_KEY, text)).orElse(text));
    }
    return new Snapshot(model.files.environment(), model.files.revision(),
        FrozenSortedMap.owning(workloads),
        values instanceof TreeMap<String, String> made ? FrozenSortedMap.owning(made) : values,
        FrozenSortedMap.owning(bindings), FrozenSortedMap.owning(new TreeMap<>(variables)),
        List.copyOf(warnings));
  }

  /** One file's values: masked under sensitive keys (when masking), else resolved. */
  private static SortedMap<String, String> values(ValueLeaves leaves, Resolver resolver,
      Optional<SensitiveNames> masked) {
    boolean[] hidden = masked.map(leaves::sensitive).orElse(null);
    TreeMap<String, String> out = new TreeMap<>();
    for (int i = 0; i < leaves.size(); i++) {
      String key = leaves.key(i);
      out.put(key, hidden != null && hidden[i] ? SensitiveNames.MASK
          : leaves.textual(i) ? resolver.apply(leaves.text(i), key) : leaves.text(i));
    }
    return out;
  }

  private static void kustomizeWorkloads(EnvironmentModel model, Resolver resolver,
      Map<String, Workload> workloads) {
    if (model.kustomizationPath.isEmpty()) {
      return;
    }
    String file = model.kustomizationPath.get();
    String prefix = FileKind.KUSTOMIZATION_KEY + ":";
    JsonNode images = model.kustomization.path("images");
    for (JsonNode entry : images) {
      String name = entry.get("name").textValue();
      String where = prefix + "images[" + name + "]";
      StringBuilder tag = new StringBuilder();
      text(entry.get("newName"), where, resolver).ifPresent(n -> tag.append(n).append(':'));
      text(entry.get("newTag"), where, resolver).ifPresent(tag::append);
      text(entry.get("digest"), where, resolver).ifPresent(d -> tag.append('@').append(d));
      Optional<String> imageTag = tag.length() == 0 ? Optional.empty()
          : Optional.of(tag.toString());
      add(workloads, new Workload(prefix + name, name, file, imageTag, Optional.empty(),
          Optional.empty()));
    }
    for (JsonNode entry : model.kustomization.path("replicas")) {
      String name = entry.get("name").textValue();
      Optional<String> count = text(entry.get("count"), prefix + "replicas[" + name + "]",
          resolver);
      add(workloads, new Workload(prefix + name, name, file, Optional.empty(), count,
          Optional.empty()));
    }
  }

  private static void helmWorkloads(String path, MappingNode tree, Resolver resolver,
      Map<String, Workload> workloads) {
    for (HelmValues.Part part : HelmValues.workloads(tree)) {
      String key = part.key().map(k -> path + ":" + k).orElse(path);
      String name = part.key().orElseGet(() -> helmName(path, tree, resolver));
      add(workloads, new Workload(key, name, path,
          part.imageTag().map(node -> compact(node, key, " image tag", resolver)),
          part.replicas().map(node -> compact(node, key, " replicas", resolver)),
          part.resources().map(node -> compact(node, key, " resources", resolver))));
    }
  }

  // tree: null for an empty file
  private static String helmName(String path, MappingNode tree, Resolver resolver) {
    for (String field : new String[] {"fullnameOverride", "nameOverride"}) {
      // a text as the file's Jackson copy has it: any scalar but a null
      Node node = EnvironmentModel.field(tree, field);
      if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())
          && !scalar.getValue().isBlank()) {
        return resolver.apply(scalar.getValue(), path + ":" + field);
      }
    }
    return path.substring(0, path.lastIndexOf('.'));
  }

  private static Optional<String> text(JsonNode node, String where, Resolver resolver) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(node.isTextual() ? resolver.apply(node.textValue(), where)
        : Texts.leaf(node));
  }

  // where = key + what, named only in a warning: made only for a text with a placeholder (a
  // text without one resolves to itself)
  private static String compact(JsonNode node, String key, String what, Resolver resolver) {
    return Texts.compact(node, text -> text.indexOf("${") < 0 ? text
        : resolver.apply(text, key + what));
  }

  private static void add(Map<String, Workload> workloads, Workload workload) {
    workloads.merge(workload.key(), workload, Workload::merge);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = ((ObjectNode) node).objectNode();
      new TreeMap<String, JsonNode>(toMap(node)).forEach((k, v) -> out.set(k, sorted(v)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = ((ArrayNode) node).arrayNode();
      node.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }

  private static Map<String, JsonNode> toMap(JsonNode node) {
    Map<String, JsonNode> out = new TreeMap<>();
    node.fields().forEachRemaining(field -> out.put(field.getKey(), field.getValue()));
    return out;
  }

  /** Resolves placeholders in one text; {@code where} names it in warnings. */
  @FunctionalInterface
  interface Resolver {
    String apply(String text, String where);
  }
}
