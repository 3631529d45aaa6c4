package dev.baton.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes a pipeline as YAML, for pipeline files kept in the GitOps repository
 * ({@code .baton/pipeline.yaml} for the command line):
 *
 * <pre>{@code
 * project: shop                                   # optional; absent: the file serves any project
 * layout: env/apps/{project}/{environment}        # optional; default envs/{environment}
 * defaultScope: [image_tags]                      # optional; this is the default
 * sensitive: [DB_URL, "*_CREDENTIALS"]            # optional; more sensitive names (globs)
 * rules:                                          # optional; what moves beyond the categories
 *   - files: "values*.yaml"                       # glob relative to the environment folder
 *     jsonPaths: ["$.featureFlags", "$.ingress.annotations"]
 *   - files: "Chart.yaml"
 *     jsonPaths: ["$.version"]
 *   - files: "dashboards/"                        # no jsonPaths: whole files; '/' a sub-folder
 *     exclude: ["dashboards/local-*.json"]
 * stages:
 *   - environment: dev
 *   - environment: production
 *     deployPolicy: manual                        # direct (default) or manual
 *     path: overlays/prod-eu                      # optional; this stage's folder, not the layout's
 * transitions:
 *   - from: dev
 *     to: production
 *     requiredApprovals: 2
 *     requesterMayApprove: false                  # optional; separation of duties by default
 *     scope: [image_tags, values]                 # optional; the default scope otherwise
 *     rules: []                                   # optional; replaces the pipeline's rules
 * }</pre>
 *
 * <p>{@code layout} and {@code path} are folders relative to the repository root whose segments
 * may be the placeholders {@code {environment}} (the layout needs it once) and
 * {@code {project}}. The scope categories are {@code image_tags}, {@code values},
 * {@code bindings}, {@code replicas}, {@code resources} and {@code variables}. A rule has
 * {@code files} (a glob: {@code *} within a segment, {@code **} across segments, a trailing
 * {@code /} for a whole sub-folder), and either {@code jsonPaths} (what moves inside the matched
 * files) or none (the files move whole), plus optional {@code exclude} globs; see
 * {@link PromotionRule}.
 *
 * <p>{@code sensitive} lists name patterns ({@code *} and {@code ?} wildcards, case-insensitive)
 * of variables and keys whose values are never shown, added to the built-in ones; see
 * {@link Pipeline#sensitive()} for the bounds.
 *
 * <p>Parsing is safe (no aliases, custom tags or duplicate keys) and reports every problem of the
 * document in one {@link ErrorCode#MALFORMED_DOCUMENT} error; graph rules are checked with
 * {@link PipelineValidator}. {@link #write} writes every key back, so that {@link #parse} reads
 * an equal pipeline. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class PipelineYaml {

  private static final Set<String> TOP =
      Set.of("project", "layout", "defaultScope", "rules", "sensitive", "stages", "transitions");
  private static final Set<String> STAGE = Set.of("environment", "deployPolicy", "path");
  private static final Set<String> TRANSITION =
      Set.of("from", "to", "requiredApprovals", "requesterMayApprove", "scope", "rules");
  private static final Set<String> RULE = Set.of("files", "jsonPaths", "exclude");

  private PipelineYaml() {}

  /**
   * Parses a pipeline document.
   *
   * @param project the project the pipeline is for; the document's {@code project}, if present,
   *     must match it
   * @param text the YAML text
   * @param sourceName where the text came from, for messages
   * @throws BatonException MALFORMED_DOCUMENT listing every problem
   * @since 0.1
   */
  public static Pipeline parse(ProjectId project, String text, String sourceName) {
    JsonNode root = SafeYaml.read(text, sourceName);
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw malformed(sourceName, List.of("the document must be a mapping"));
    }
    unknownKeys(root, TOP, "", problems);
    if (root.has("project") && !root.get("project").asText().equals(project.value())) {
      problems.add("project is '" + root.get("project").asText() + "' but '" + project
          + "' was expected");
    }
    Pipeline.Builder builder = Pipeline.builder(project);
    if (root.has("layout")) {
      layout(root.get("layout"), problems).ifPresent(builder::layout);
    }
    if (root.has("defaultScope")) {
      scope(root.get("defaultScope"), "defaultScope", problems).ifPresent(builder::defaultScope);
    }
    if (root.has("rules")) {
      rules(root.get("rules"), "rules", problems).ifPresent(rs -> rs.forEach(builder::rule));
    }
    if (root.has("sensitive")) {
      sensitive(root.get("sensitive"), problems).ifPresent(ps -> ps.forEach(builder::sensitive));
    }
    int i = 0;
    for (JsonNode stage : list(root, "stages", problems)) {
      String where = "stages[" + i++ + "]";
      if (!stage.isObject()) {
        problems.add(where + " must be a mapping");
        continue;
      }
      unknownKeys(stage, STAGE, where + ".", problems);
      Optional<EnvironmentName> env = name(stage, "environment", where, problems);
      DeployPolicy policy = enumValue(stage.get("deployPolicy"), DeployPolicy.class,
          where + ".deployPolicy", problems).orElse(DeployPolicy.DIRECT);
      Optional<String> path = folder(stage.get("path"), where + ".path", problems);
      env.ifPresent(e -> builder.stage(new Stage(e, policy, path)));
    }
    i = 0;
    for (JsonNode t : list(root, "transitions", problems)) {
      String where = "transitions[" + i++ + "]";
      if (!t.isObject()) {
        problems.add(where + " must be a mapping");
        continue;
      }
      unknownKeys(t, TRANSITION, where + ".", problems);
      Optional<EnvironmentName> from = name(t, "from", where, problems);
      Optional<EnvironmentName> to = name(t, "to", where, problems);
      JsonNode count = t.get("requiredApprovals");
      if (count == null || !count.canConvertToInt() || !count.isIntegralNumber()) {
        problems.add(where + ".requiredApprovals must be a whole number");
      }
      JsonNode self = t.get("requesterMayApprove");
      if (self != null && !self.isBoolean()) {
        problems.add(where + ".requesterMayApprove must be true or false");
      }
      Optional<Set<PromotableProperty>> scope = t.has("scope")
          ? scope(t.get("scope"), where + ".scope", problems) : Optional.empty();
      Optional<List<PromotionRule>> rules = t.has("rules")
          ? rules(t.get("rules"), where + ".rules", problems) : Optional.empty();
      if (from.isPresent() && to.isPresent() && count != null && count.isIntegralNumber()) {
        builder.transition(new StageTransition(from.get(), to.get(), count.asInt(),
            self != null && self.asBoolean(), scope, rules));
      }
    }
    if (!problems.isEmpty()) {
      throw malformed(sourceName, problems);
    }
    return builder.build();
  }

  /**
   * Writes the pipeline in the documented format; {@link #parse} reads it back equal.
   *
   * @since 0.1
   */
  public static String write(Pipeline pipeline) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("project", pipeline.project().value());
    pipeline.layout().ifPresent(l -> root.put("layout", l));
    if (!pipeline.defaultScope().equals(PromotableProperty.defaults())) {
      root.set("defaultScope", scopeNode(pipeline.defaultScope()));
    }
    if (!pipeline.rules().isEmpty()) {
      root.set("rules", rulesNode(pipeline.rules()));
    }
    if (!pipeline.sensitive().isEmpty()) {
      ArrayNode sensitive = root.putArray("sensitive");
      pipeline.sensitive().forEach(sensitive::add);
    }
    ArrayNode stages = root.putArray("stages");
    for (Stage s : pipeline.stages()) {
      ObjectNode node = stages.addObject().put("environment", s.environment().value());
      if (s.deployPolicy() != DeployPolicy.DIRECT) {
        node.put("deployPolicy", lower(s.deployPolicy()));
      }
      s.path().ifPresent(p -> node.put("path", p));
    }
    ArrayNode transitions = root.putArray("transitions");
    for (StageTransition t : pipeline.transitions()) {
      ObjectNode node = transitions.addObject()
          .put("from", t.from().value())
          .put("to", t.to().value())
          .put("requiredApprovals", t.requiredApprovals());
      if (t.requesterMayApprove()) {
        node.put("requesterMayApprove", true);
      }
      t.scope().ifPresent(s -> node.set("scope", scopeNode(s)));
      t.rules().ifPresent(r -> node.set("rules", rulesNode(r)));
    }
    return SafeYaml.write(root);
  }

  private static ArrayNode rulesNode(List<PromotionRule> rules) {
    ArrayNode node = JsonNodeFactory.instance.arrayNode();
    for (PromotionRule rule : rules) {
      ObjectNode r = node.addObject().put("files", rule.files());
      if (!rule.jsonPaths().isEmpty()) {
        ArrayNode paths = r.putArray("jsonPaths");
        rule.jsonPaths().forEach(paths::add);
      }
      if (!rule.exclude().isEmpty()) {
        ArrayNode exclude = r.putArray("exclude");
        rule.exclude().forEach(exclude::add);
      }
    }
    return node;
  }

  private static Optional<List<String>> sensitive(JsonNode node, List<String> problems) {
    if (node.isArray() && node.size() > Pipeline.MAX_SENSITIVE) {
      problems.add("sensitive lists " + node.size() + " patterns; the limit is "
          + Pipeline.MAX_SENSITIVE);
      return Optional.empty();
    }
    Optional<List<String>> patterns = strings(node, "sensitive", problems);
    int before = problems.size();
    for (int i = 0; i < patterns.map(List::size).orElse(0); i++) {
      String at = "sensitive[" + i + "] ";
      Pipeline.sensitiveProblem(patterns.get().get(i)).ifPresent(p -> problems.add(at + p));
    }
    return problems.size() == before ? patterns : Optional.empty();
  }

  private static Optional<String> folder(JsonNode node, String where, List<String> problems) {
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      problems.add(where + " must be a folder relative to the repository root");
      return Optional.empty();
    }
    return attempt(node.asText(), p -> Stage.of("x").withPath(p).path().orElseThrow(), where,
        problems);
  }

  private static Optional<String> layout(JsonNode node, List<String> problems) {
    if (!node.isTextual()) {
      problems.add("layout must be a folder pattern such as envs/{environment}");
      return Optional.empty();
    }
    return attempt(node.asText(),
        l -> Pipeline.builder(ProjectId.of("x")).layout(l).build().layout().orElseThrow(),
        "layout", problems);
  }

  private static Optional<List<PromotionRule>> rules(JsonNode node, String where,
      List<String> problems) {
    if (!node.isArray()) {
      problems.add(where + " must be a list of rules (files, and jsonPaths or exclude)");
      return Optional.empty();
    }
    int before = problems.size();
    List<PromotionRule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode item : node) {
      String at = where + "[" + i++ + "]";
      if (!item.isObject()) {
        problems.add(at + " must be a mapping with files, and jsonPaths or exclude");
        continue;
      }
      unknownKeys(item, RULE, at + ".", problems);
      JsonNode files = item.get("files");
      if (files == null || !files.isTextual()) {
        problems.add(at + ".files is required (a glob relative to the environment folder)");
      }
      Optional<List<String>> jsonPaths = strings(item.get("jsonPaths"), at + ".jsonPaths",
          problems);
      Optional<List<String>> exclude = strings(item.get("exclude"), at + ".exclude", problems);
      if (files != null && files.isTextual() && jsonPaths.isPresent() && exclude.isPresent()) {
        attempt(files.asText(), f -> new PromotionRule(f, jsonPaths.get(), exclude.get()), at,
            problems).ifPresent(rules::add);
      }
    }
    return problems.size() == before ? Optional.of(rules) : Optional.empty();
  }

  /** A list of strings; absent is empty; empty Optional (with a problem) when malformed. */
  private static Optional<List<String>> strings(JsonNode node, String where,
      List<String> problems) {
    if (node == null) {
      return Optional.of(List.of());
    }
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          break;
        }
        out.add(item.asText());
      }
      if (out.size() == node.size()) {
        return Optional.of(out);
      }
    }
    problems.add(where + " must be a list of strings");
    return Optional.empty();
  }

  private static ArrayNode scopeNode(Set<PromotableProperty> scope) {
    ArrayNode node = JsonNodeFactory.instance.arrayNode();
    EnumSet.copyOf(scope.isEmpty() ? EnumSet.noneOf(PromotableProperty.class) : scope)
        .forEach(p -> node.add(lower(p)));
    return node;
  }

  private static Optional<Set<PromotableProperty>> scope(JsonNode node, String where,
      List<String> problems) {
    if (!node.isArray()) {
      problems.add(where + " must be a list of " + allowed(PromotableProperty.class));
      return Optional.empty();
    }
    Set<PromotableProperty> scope = EnumSet.noneOf(PromotableProperty.class);
    int before = problems.size();
    for (JsonNode item : node) {
      enumValue(item, PromotableProperty.class, where, problems).ifPresent(scope::add);
    }
    return problems.size() == before ? Optional.of(scope) : Optional.empty();
  }

  private static <E extends Enum<E>> Optional<E> enumValue(JsonNode node, Class<E> type,
      String where, List<String> problems) {
    if (node == null) {
      return Optional.empty();
    }
    String text = node.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(text)) {
        return Optional.of(e);
      }
    }
    problems.add(where + ": '" + node.asText() + "' is not one of " + allowed(type));
    return Optional.empty();
  }

  private static Optional<EnvironmentName> name(JsonNode parent, String key, String where,
      List<String> problems) {
    JsonNode node = parent.get(key);
    if (node == null || !node.isTextual()) {
      problems.add(where + "." + key + " is required");
      return Optional.empty();
    }
    return attempt(node.asText(), EnvironmentName::of, where + "." + key, problems);
  }

  private static <T> Optional<T> attempt(String text, Function<String, T> parse, String where,
      List<String> problems) {
    try {
      return Optional.of(parse.apply(text));
    } catch (BatonException e) {
      problems.add(where + ": " + e.problems().get(0));
      return Optional.empty();
    }
  }

  private static Iterable<JsonNode> list(JsonNode root, String key, List<String> problems) {
    JsonNode node = root.get(key);
    if (node == null) {
      problems.add(key + " is required");
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(key + " must be a list");
      return List.of();
    }
    return node;
  }

  private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix,
      List<String> problems) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        problems.add(prefix + key + " is not a known key (known: "
            + allowed.stream().sorted().toList() + ")");
      }
    }
  }

  private static <E extends Enum<E>> String allowed(Class<E> type) {
    return java.util.Arrays.stream(type.getEnumConstants()).map(PipelineYaml::lower).toList()
        .toString();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static BatonException malformed(String sourceName, List<String> problems) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT,
        sourceName + ": " + String.join("; ", problems), problems, null);
  }
}
