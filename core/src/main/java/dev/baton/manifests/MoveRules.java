package dev.baton.manifests;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.manifests.TreeDiff.Delta;
import dev.baton.manifests.TreeDiff.Seg;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Decides what moves: the categories of the promotion's scope (workload versions by default) and
 * the pipeline's rules, applied to one difference or one whole file. Made for one plan; not
 * thread-safe (it compiles the rules' globs as they are first matched).
 */
final class MoveRules {
  static final String STAYS = "stays: the environment's own (no category or rule moves it)";

  // one step of a JSONPath in bracket form: ['name'] (backslash escapes inside) or [index]
  private static final Pattern PATH_STEP =
      Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");
  private static final Configuration PATHS = Configuration.builder()
      .jsonProvider(new JsonSmartJsonProvider())
      .mappingProvider(new JsonSmartMappingProvider())
      .options(Option.AS_PATH_LIST, Option.SUPPRESS_EXCEPTIONS)
      .build();

  private final Set<PromotableProperty> scope;
  private final List<PromotionRule> rules;
  private final Map<String, JsonPath> compiled = new LinkedHashMap<>();
  private final Map<String, Pattern> globs = new HashMap<>();

  private MoveRules(Set<PromotableProperty> scope, List<PromotionRule> rules) {
    this.scope = scope.isEmpty() ? EnumSet.noneOf(PromotableProperty.class) : EnumSet.copyOf(scope);
    this.rules = List.copyOf(rules);
    for (PromotionRule rule : rules) {
      for (String expression : rule.jsonPaths()) {
        compiled.computeIfAbsent(expression, MoveRules::compile);
      }
    }
  }

  static MoveRules of(Set<PromotableProperty> scope, List<PromotionRule> rules) {
    return new MoveRules(scope, rules);
  }

  /** The problems of the rules' JSONPath expressions, one line each. */
  static List<String> problems(List<PromotionRule> rules) {
    List<String> problems = new ArrayList<>();
    for (PromotionRule rule : rules) {
      for (String expression : rule.jsonPaths()) {
        try {
          compile(expression);
        } catch (BatonException e) {
          problems.add(e.getMessage());
        }
      }
    }
    return problems;
  }

  /** Why a whole file moves (added, updated or deleted to match the source), if it does. */
  Optional<String> wholeFile(String path) {
    for (PromotionRule rule : rules) {
      if (rule.movesWholeFiles() && applies(rule, path)) {
        return Optional.of("moves: rule files: " + rule.files() + " (whole files)");
      }
    }
    FileKind kind = FileKind.byName(path);
    if (scope.contains(PromotableProperty.VARIABLES) && kind == FileKind.VARIABLES) {
      return Optional.of("moves: category variables (the whole file)");
    }
    if (scope.contains(PromotableProperty.BINDINGS)
        && (kind == FileKind.KUSTOMIZATION || kind == FileKind.BINDING)) {
      return Optional.of("moves: category bindings (the whole file)");
    }
    return Optional.empty();
  }

  /**
   * The paths that the JSONPath rules select in one document of a file, with the rule that
   * selects each; lists are stepped into the way {@link TreeDiff} pairs them.
   */
  Map<List<Seg>, String> selected(String file, Node document) {
    Map<List<Seg>, String> out = new LinkedHashMap<>();
    if (document == null) {
      return out;
    }
    Object json = null;
    for (PromotionRule rule : rules) {
      if (rule.movesWholeFiles() || !applies(rule, file)) {
        continue;
      }
      json = json == null ? YamlFile.toJava(document) : json;
      for (String expression : rule.jsonPaths()) {
        List<String> paths = compiled.get(expression).read(json, PATHS);
        for (String path : paths) {
          steps(document, path).ifPresent(segs -> out.putIfAbsent(segs,
              "moves: rule files: " + rule.files() + " " + expression));
        }
      }
    }
    return out;
  }

  /** Whether and why one difference moves. */
  Verdict decide(String file, Delta delta, Map<List<Seg>, String> selected) {
    for (Map.Entry<List<Seg>, String> rule : selected.entrySet()) {
      if (startsWith(delta.path(), rule.getKey())) {
        return new Verdict(true, rule.getValue(), false, false);
      }
    }
    List<Seg> path = delta.path();
    FileKind kind = FileKind.byName(file);
    if (isContainerImage(kind, path)) {
      if (!(delta.source() instanceof ScalarNode s) || !(delta.target() instanceof ScalarNode t)) {
        return new Verdict(false, STAYS, false, false);
      }
      ImageRef from = ImageRef.parse(s.getValue());
      ImageRef to = ImageRef.parse(t.getValue());
      if (from.version().equals(to.version())) {
        return new Verdict(false, "stays: the image repository is the environment's own; only"
            + " its tag and digest move", false, false);
      }
      return category(IMAGE);
    }
    if (isVersion(kind, path)) {
      if (delta.source() == null && !hasVersion(delta.sourceParent())) {
        // the source pins no version here (a chart default, say): nothing to carry
        return new Verdict(false, "stays: the source has no version here", false, false);
      }
      return category(VERSION);
    }
    if (isReplicas(kind, path)) {
      return category(REPLICAS);
    }
    if (isResources(kind, path)) {
      return category(RESOURCES);
    }
    if (kind == FileKind.VALUES) {
      return category(VALUES);
    }
    if (kind == FileKind.VARIABLES) {
      return category(VARIABLES);
    }
    return new Verdict(false, STAYS, false, false);
  }

  private Verdict category(Category category) {
    return scope.contains(category.property) ? category.moves : category.stays;
  }

  // The verdicts of the categories, made once: they are immutable and every difference of
  // every plan gets one.
  private static final Category IMAGE = new Category(PromotableProperty.IMAGE_TAGS,
      "workload version", true, true);
  private static final Category VERSION = new Category(PromotableProperty.IMAGE_TAGS,
      "workload version", false, true);
  private static final Category REPLICAS = new Category(PromotableProperty.REPLICAS,
      "replicas", false, false);
  private static final Category RESOURCES = new Category(PromotableProperty.RESOURCES,
      "resources", false, false);
  private static final Category VALUES = new Category(PromotableProperty.VALUES, "values",
      false, false);
  private static final Category VARIABLES = new Category(PromotableProperty.VARIABLES,
      "variables", false, false);

  /** A category's verdicts when it is in scope and when it is not. */
  private static final class Category {
    final PromotableProperty property;
    final Verdict moves;
    final Verdict stays;

    Category(PromotableProperty property, String what, boolean image, boolean version) {
      String name = property.name().toLowerCase(java.util.Locale.ROOT);
      this.property = property;
      this.moves = new Verdict(true, "moves: " + what + " (category " + name + ")", image,
          version);
      this.stays = new Verdict(false, "stays: " + what + " (category " + name
          + " is not in scope)", false, false);
    }
  }

  private static boolean isVersion(FileKind kind, List<Seg> path) {
    int n = path.size();
    if (kind == FileKind.KUSTOMIZATION) {
      return n == 3 && path.get(0).isKey("images")
          && (path.get(2).isKey("newTag") || path.get(2).isKey("digest"));
    }
    return kind == FileKind.VALUES && n >= 2 && path.get(n - 2).isKey("image")
        && (path.get(n - 1).isKey("tag") || path.get(n - 1).isKey("digest"));
  }

  private static boolean hasVersion(Node parent) {
    return parent instanceof MappingNode mapping && TreeDiff.entries(mapping).keySet().stream()
        .anyMatch(key -> key.equals("tag") || key.equals("newTag") || key.equals("digest"));
  }

  private static boolean isContainerImage(FileKind kind, List<Seg> path) {
    int n = path.size();
    return kind == FileKind.BINDING && n >= 3 && path.get(n - 1).isKey("image")
        && path.get(n - 2).kind() != Seg.Kind.KEY
        && (path.get(n - 3).isKey("containers") || path.get(n - 3).isKey("initContainers"));
  }

  private static boolean isReplicas(FileKind kind, List<Seg> path) {
    int n = path.size();
    return switch (kind) {
      case KUSTOMIZATION -> n == 3 && path.get(0).isKey("replicas") && path.get(2).isKey("count");
      case VALUES -> n >= 1 && path.get(n - 1).isKey("replicaCount");
      case BINDING -> n == 2 && path.get(0).isKey("spec") && path.get(1).isKey("replicas");
      default -> false;
    };
  }

  private static boolean isResources(FileKind kind, List<Seg> path) {
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i).isKey("resources")) {
        if (kind == FileKind.VALUES) {
          return true;
        }
        if (kind == FileKind.BINDING && i >= 2 && path.get(i - 1).kind() != Seg.Kind.KEY
            && (path.get(i - 2).isKey("containers") || path.get(i - 2).isKey("initContainers"))) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean applies(PromotionRule rule, String path) {
    if (!glob(rule.files()).matcher(path).matches()) {
      return false;
    }
    for (String exclude : rule.exclude()) {
      if (glob(exclude).matcher(path).matches()) {
        return false;
      }
    }
    return true;
  }

  // each rule's globs compiled once per plan, not once per file they are matched against
  private Pattern glob(String glob) {
    return globs.computeIfAbsent(glob, Globs::compile);
  }

  private static boolean startsWith(List<Seg> path, List<Seg> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  /** A normalized JSONPath ({@code $['a'][0]}) as steps through the document. */
  private static Optional<List<Seg>> steps(Node document, String normalized) {
    List<Seg> out = new ArrayList<>();
    Node node = document;
    Matcher m = PATH_STEP.matcher(normalized);
    while (m.find()) {
      if (m.group(1) != null) {
        String key = m.group(1).replace("\\'", "'").replace("\\\\", "\\");
        if (!(node instanceof MappingNode mapping)) {
          return Optional.empty();
        }
        out.add(Seg.key(key));
        node = TreeDiff.entries(mapping).get(key);
      } else {
        if (!(node instanceof SequenceNode list)) {
          return Optional.empty();
        }
        int index = Integer.parseInt(m.group(2));
        if (index >= list.getValue().size()) {
          return Optional.empty();
        }
        node = list.getValue().get(index);
        out.add(TreeDiff.byName(list)
            ? Seg.name(YamlFile.get(node, "name").flatMap(YamlFile::scalar).orElseThrow())
            : Seg.index(index));
      }
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(List.copyOf(out));
  }

  private static JsonPath compile(String expression) {
    try {
      return JsonPath.compile(expression);
    } catch (InvalidPathException | IllegalArgumentException e) {
      throw new BatonException(ErrorCode.INVALID_PIPELINE,
          "rule JSONPath '" + expression + "' is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * What to do about one difference.
   *
   * @param moves whether it moves
   * @param reason why, for people
   * @param image whether it is a container image whose version alone moves
   * @param version whether it is a workload version (which has an order for rollbacks)
   */
  record Verdict(boolean moves, String reason, boolean image, boolean version) {}
}
