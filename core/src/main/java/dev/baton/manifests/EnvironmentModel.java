package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.EnvironmentFiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * An environment folder parsed by the file conventions: the kustomization, the Helm values files,
 * the variables and everything else (bindings, kept as text). Every YAML file Baton understands is
 * read with {@link YamlFile}, scalars as written; plain manifests are not parsed here. Immutable
 * once built; its trees are cached by content and shared, so they are only ever read.
 */
final class EnvironmentModel {
  // A file's tree depends on its text and limits only (the source names it in refusals, never
  // cached). The trees are shared by every model holding the same text: nothing modifies them
  // (the snapshot copies the kustomization before taking parts out).
  // A values file's flattened leaves depend on its path and tree only: they are kept with the
  // tree (for the last path it was read under), so that every snapshot of the same file (real
  // or masked, source or after) shares them without a look-up of its own.
  private static final ContentCache<Key, Tree> TREES = new ContentCache<>(1024, 8L << 20);

  final EnvironmentFiles files;
  final Optional<String> kustomizationPath;
  /** The kustomization's tree; empty when there is none. */
  final ObjectNode kustomization;
  /**
   * The Helm values files' top-level mappings as parsed (null for an empty file), by path; read
   * without a Jackson copy (see {@link #field} and {@link #fields}).
   */
  final SortedMap<String, MappingNode> values;
  /** The cached trees of {@link #values}, by path. */
  private final Map<String, Tree> valueTrees;
  final Optional<String> variablesPath;
  /** Variables as raw scalar nodes, in file order. */
  final Map<String, JsonNode> variables;
  /** Files that are neither kustomization, values nor variables. */
  final SortedMap<String, String> bindings;

  private EnvironmentModel(EnvironmentFiles files, Optional<String> kustomizationPath,
      ObjectNode kustomization, SortedMap<String, MappingNode> values,
      Map<String, Tree> valueTrees, Optional<String> variablesPath,
      Map<String, JsonNode> variables, SortedMap<String, String> bindings) {
    this.files = files;
    this.kustomizationPath = kustomizationPath;
    this.kustomization = kustomization;
    this.values = Collections.unmodifiableSortedMap(values);
    this.valueTrees = valueTrees;
    this.variablesPath = variablesPath;
    this.variables = Collections.unmodifiableMap(variables);
    this.bindings = Collections.unmodifiableSortedMap(bindings);
  }

  static EnvironmentModel parse(EnvironmentFiles files, YamlLimits limits) {
    String env = files.environment().value();
    Optional<String> kustomizationPath = single(files, FileKind.KUSTOMIZATION_NAMES, env);
    Optional<String> variablesPath = single(files, FileKind.VARIABLES_NAMES, env);
    ObjectNode kustomization = JsonNodeFactory.instance.objectNode();
    if (kustomizationPath.isPresent()) {
      String path = kustomizationPath.get();
      kustomization = map(files.files().get(path), env + "/" + path, limits).json();
      checkKustomization(kustomization, env + "/" + path);
    }
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    if (variablesPath.isPresent()) {
      String path = variablesPath.get();
      ObjectNode tree = map(files.files().get(path), env + "/" + path, limits).json();
      for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!Placeholders.NAME.matcher(field.getKey()).matches()) {
          throw malformed(env + "/" + path, "has the variable name '" + field.getKey()
              + "'; names are letters, digits, '_', '.' and '-', not starting with a digit");
        }
        if (field.getValue().isContainerNode()) {
          throw malformed(env + "/" + path, "gives the variable '" + field.getKey()
              + "' a map or list; variables are flat NAME: value pairs");
        }
        variables.put(field.getKey(), field.getValue());
      }
    }
    TreeMap<String, MappingNode> values = new TreeMap<>();
    Map<String, Tree> valueTrees = new HashMap<>();
    TreeMap<String, String> bindings = new TreeMap<>();
    files.files().forEach((path, text) -> {
      switch (FileKind.of(path)) {
        case VALUES:
          Tree tree = map(text, env + "/" + path, limits);
          values.put(path, tree.root);
          valueTrees.put(path, tree);
          break;
        case BINDING:
          bindings.put(path, text);
          break;
        default:
          break;
      }
    });
    return new EnvironmentModel(files, kustomizationPath, kustomization, values, valueTrees,
        variablesPath, variables, bindings);
  }

  /** The VALUES leaves of the values file at {@code path} (a key of {@link #values}). */
  ValueLeaves valueLeaves(String path) {
    Tree tree = valueTrees.get(path);
    ValueLeaves known = tree.leaves;
    if (known != null && known.path().equals(path)) {
      return known;
    }
    // two threads may both flatten it; either result is the same
    ValueLeaves made = ValueLeaves.of(path, tree.root, tree.derivation, tree.document);
    tree.leaves = made;
    return made;
  }

  /**
   * A file's tree, shared by every model holding the same text, and the VALUES leaves of the
   * last path it was flattened under (published safely: they are immutable).
   */
  private static final class Tree {
    /** The document's top-level mapping, or null when the file holds nothing. */
    final MappingNode root;
    /** What the parse replaced in the parse it was derived from, or null (YamlFile#derivation). */
    final YamlFile.Derivation derivation;
    /**
     * The root's place among the parse's documents: the leaves are replaced from the base's
     * document at the same place (Derivation#baseDocument), and only from it.
     */
    final int document;
    /** The tree as Jackson nodes, made when first asked for (kustomization, variables). */
    private volatile ObjectNode json;
    volatile ValueLeaves leaves;

    Tree(MappingNode root, YamlFile.Derivation derivation, int document) {
      this.root = root;
      this.derivation = derivation;
      this.document = document;
    }

    /** The tree as {@link EnvironmentModel#json} gives it; an empty object for no mapping. */
    ObjectNode json() {
      ObjectNode known = json;
      if (known == null) {
        // two threads may both convert it; either result is the same, and never modified
        known = root == null ? JsonNodeFactory.instance.objectNode()
            : (ObjectNode) EnvironmentModel.json(root);
        json = known;
      }
      return known;
    }
  }

  /** Variables as display text; null reads as the empty text. */
  Map<String, String> variableTexts() {
    Map<String, String> out = new LinkedHashMap<>();
    variables.forEach((name, node) ->
        out.put(name, node.isNull() ? "" : Texts.leaf(node)));
    return out;
  }

  private static Optional<String> single(EnvironmentFiles files, Iterable<String> names,
      String env) {
    Optional<String> found = Optional.empty();
    for (String name : names) {
      if (files.files().containsKey(name)) {
        if (found.isPresent()) {
          throw malformed(env + "/" + name, "and " + env + "/" + found.get()
              + " both exist; keep only one of them");
        }
        found = Optional.of(name);
      }
    }
    return found;
  }

  private static Tree map(String text, String source, YamlLimits limits) {
    return TREES.get(new Key(text, limits), text.length(), () -> parseMap(text, source, limits));
  }

  // the tree of the document's top-level mapping (a null root when it holds nothing or a null)
  private static Tree parseMap(String text, String source, YamlLimits limits) {
    YamlFile file = YamlFile.parse(source, text, limits);
    List<Node> documents = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < file.documents().size(); i++) {
      Node document = file.documents().get(i);
      if (document != null) {
        documents.add(document);
        at = i;
      }
    }
    if (documents.size() > 1) {
      throw malformed(source, "holds " + documents.size() + " documents; it must hold one");
    }
    if (documents.isEmpty()) {
      return new Tree(null, null, 0);
    }
    Node root = documents.get(0);
    if (root instanceof MappingNode mapping) {
      return new Tree(mapping, file.derivation(), at);
    }
    // named as Jackson names the node json would make of it
    if (root instanceof SequenceNode) {
      throw malformed(source, "must hold a map at the top level, not a array");
    }
    if (Tag.NULL.equals(root.getTag())) {
      return new Tree(null, null, 0);
    }
    throw malformed(source, "must hold a map at the top level, not a string");
  }

  /**
   * A node as a tree whose scalars are the text as written (so {@code 1.10} shows as
   * {@code 1.10}), with null for the plain scalars YAML reads as null. Aliases are followed.
   */
  static JsonNode json(Node node) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (node instanceof MappingNode mapping) {
      ObjectNode out = nodes.objectNode();
      // as TreeDiff.entries, without the map: a parsed file has no key twice in one mapping
      for (NodeTuple tuple : mapping.getValue()) {
        if (field(tuple)) {
          out.set(key(tuple), json(tuple.getValueNode()));
        }
      }
      return out;
    }
    if (node instanceof SequenceNode list) {
      ArrayNode out = nodes.arrayNode();
      list.getValue().forEach(item -> out.add(json(item)));
      return out;
    }
    ScalarNode scalar = (ScalarNode) node;
    // what YamlFile.toJava reads as null: the null tag (the others always give a value)
    return Tag.NULL.equals(scalar.getTag()) ? nodes.nullNode()
        : nodes.textNode(scalar.getValue());
  }

  /**
   * Whether a tuple is a field of the mapping as {@link #json} reads it: a scalar key other than
   * the merge key {@code <<}.
   */
  static boolean field(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode key && !key.getValue().equals("<<");
  }

  /** The key of a tuple for which {@link #field(NodeTuple)} holds. */
  static String key(NodeTuple tuple) {
    return ((ScalarNode) tuple.getKeyNode()).getValue();
  }

  /**
   * The value of a field of a mapping, as {@code json(mapping).get(key)} finds it (a parsed file
   * has no key twice in one mapping), or null when the node is no mapping or lacks the field.
   */
  static Node field(Node mapping, String key) {
    if (mapping instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (field(tuple) && key(tuple).equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  /** Whether a mapping has a field, so that {@link #json} makes a non-empty object of it. */
  static boolean fields(MappingNode mapping) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (field(tuple)) {
        return true;
      }
    }
    return false;
  }

  private static void checkKustomization(ObjectNode tree, String source) {
    checkEntries(tree.get("images"), "images", source, false);
    checkEntries(tree.get("replicas"), "replicas", source, true);
  }

  private static void checkEntries(JsonNode list, String field, String source,
      boolean needsCount) {
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw malformed(source, "has '" + field + "' that is not a list");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode entry : list) {
      JsonNode name = entry.isObject() ? entry.get("name") : null;
      if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
        throw malformed(source, "has an entry in '" + field + "' without a text 'name'");
      }
      if (!seen.add(name.textValue())) {
        throw malformed(source, "names '" + name.textValue() + "' twice in '" + field + "'");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> part = it.next();
        if (part.getValue().isContainerNode()) {
          throw malformed(source, "has a map or list as '" + part.getKey() + "' of '"
              + name.textValue() + "' in '" + field + "'");
        }
      }
      if (needsCount && entry.get("count") == null) {
        throw malformed(source, "has no 'count' for '" + name.textValue() + "' in 'replicas'");
      }
    }
  }

  private record Key(String text, YamlLimits limits) {}

  static BatonException malformed(String source, String problem) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT, source + " " + problem);
  }
}
