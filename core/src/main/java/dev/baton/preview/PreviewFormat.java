package dev.baton.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.manifests.Difference;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import dev.baton.model.Revision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders a {@link Preview} as JSON or YAML with stable snake_case field names, and reads it
 * back. Absent values are written as {@code null}; actions and scope entries in lowercase
 * ({@code no_change}, {@code image_tags}). The summary also carries a derived {@code total}.
 *
 * <pre>
 * {project, source, target, source_revision, target_revision, base_revision, scope,
 *  summary: {workloads, values, bindings, variables, conflicts, total},
 *  workloads: [{key, name, image_tag: ITEM, replicas: ITEM, resources: ITEM}],
 *  values: [ITEM], bindings: [ITEM], variables: [ITEM],
 *  files: [{path, action, truncated, old_lines, new_lines, added_lines, removed_lines, diff}],
 *  warnings: [text]}
 * ITEM = {key, source, target, after, action, carried, conflict}
 * </pre>
 *
 * Thread-safe: stateless.
 *
 * @since 0.1
 */
public final class PreviewFormat {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  // a preview holds whole diffs, so it may be larger than a configuration file
  private static final YamlLimits YAML_LIMITS = new YamlLimits(64 << 20, 64, 10_000_000);

  private PreviewFormat() {}

  /**
   * The preview as indented JSON.
   *
   * @since 0.1
   */
  public static String toJson(Preview preview) {
    try {
      return JSON.writeValueAsString(tree(preview)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a preview tree always renders", e);
    }
  }

  /**
   * The preview as block YAML.
   *
   * @since 0.1
   */
  public static String toYaml(Preview preview) {
    return SafeYaml.write(tree(preview));
  }

  /**
   * Reads a preview written by {@link #toJson}.
   *
   * @throws BatonException MALFORMED_DOCUMENT when the text is not such a preview
   * @since 0.1
   */
  public static Preview fromJson(String json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed("is not valid JSON: " + e.getOriginalMessage());
    }
    return preview(tree);
  }

  /**
   * Reads a preview written by {@link #toYaml}.
   *
   * @throws BatonException MALFORMED_DOCUMENT when the text is not such a preview
   * @since 0.1
   */
  public static Preview fromYaml(String yaml) {
    return preview(SafeYaml.read(yaml, "preview", YAML_LIMITS));
  }

  private static ObjectNode tree(Preview preview) {
    ObjectNode root = NODES.objectNode();
    root.put("project", preview.project().value());
    root.put("source", preview.source().value());
    root.put("target", preview.target().value());
    root.put("source_revision", preview.sourceRevision().value());
    root.put("target_revision", preview.targetRevision().value());
    root.put("base_revision", preview.baseRevision().map(Revision::value).orElse(null));
    ArrayNode scope = root.putArray("scope");
    preview.scope().forEach(property -> scope.add(property.name().toLowerCase(Locale.ROOT)));
    ArrayNode rules = root.putArray("rules");
    for (PromotionRule rule : preview.rules()) {
      ObjectNode node = rules.addObject();
      node.put("files", rule.files());
      rule.jsonPaths().forEach(node.putArray("json_paths")::add);
      rule.exclude().forEach(node.putArray("exclude")::add);
    }
    ChangeSummary summary = preview.summary();
    root.putObject("summary")
        .put("workloads", summary.workloads())
        .put("values", summary.values())
        .put("bindings", summary.bindings())
        .put("variables", summary.variables())
        .put("conflicts", summary.conflicts())
        .put("total", summary.total());
    ArrayNode workloads = root.putArray("workloads");
    for (WorkloadPreview workload : preview.workloads()) {
      ObjectNode node = workloads.addObject();
      node.put("key", workload.key());
      node.put("name", workload.name());
      node.set("image_tag", item(workload.imageTag()));
      node.set("replicas", item(workload.replicas()));
      node.set("resources", item(workload.resources()));
    }
    root.set("values", items(preview.values()));
    root.set("bindings", items(preview.bindings()));
    root.set("variables", items(preview.variables()));
    ArrayNode differences = root.putArray("differences");
    for (Difference difference : preview.differences()) {
      ObjectNode node = differences.addObject();
      node.put("file", difference.file());
      node.put("path", difference.path());
      node.put("source", difference.source().orElse(null));
      node.put("target", difference.target().orElse(null));
      node.put("moves", difference.moves());
      node.put("reason", difference.reason());
      node.put("sensitive", difference.sensitive());
    }
    ArrayNode files = root.putArray("files");
    for (FileDiff file : preview.files()) {
      ObjectNode node = files.addObject();
      node.put("path", file.path());
      node.put("action", file.action().wireName());
      node.put("truncated", file.truncated());
      node.put("old_lines", file.oldLines());
      node.put("new_lines", file.newLines());
      putOptional(node, "added_lines", file.addedLines());
      putOptional(node, "removed_lines", file.removedLines());
      node.put("diff", file.diff().orElse(null));
    }
    ArrayNode warnings = root.putArray("warnings");
    preview.warnings().forEach(warnings::add);
    return root;
  }

  private static ArrayNode items(List<PreviewItem> items) {
    ArrayNode out = NODES.arrayNode();
    items.forEach(item -> out.add(item(item)));
    return out;
  }

  private static ObjectNode item(PreviewItem item) {
    ObjectNode node = NODES.objectNode();
    node.put("key", item.key());
    node.put("source", item.source().orElse(null));
    node.put("target", item.target().orElse(null));
    node.put("after", item.after().orElse(null));
    node.put("action", item.action().wireName());
    node.put("carried", item.carried());
    node.put("conflict", item.conflict());
    return node;
  }

  private static void putOptional(ObjectNode node, String field, OptionalInt value) {
    if (value.isPresent()) {
      node.put(field, value.getAsInt());
    } else {
      node.putNull(field);
    }
  }

  private static Preview preview(JsonNode root) {
    try {
      Set<PromotableProperty> scope = EnumSet.noneOf(PromotableProperty.class);
      for (JsonNode entry : array(root, "scope")) {
        scope.add(PromotableProperty.valueOf(entry.textValue().toUpperCase(Locale.ROOT)));
      }
      List<PromotionRule> rules = list(root, "rules", node -> new PromotionRule(
          text(node, "files"), list(node, "json_paths", JsonNode::textValue),
          list(node, "exclude", JsonNode::textValue)));
      List<Difference> differences = list(root, "differences", node -> new Difference(
          text(node, "file"), text(node, "path"), optionalText(node, "source"),
          optionalText(node, "target"), bool(node, "moves"), text(node, "reason"),
          node.has("sensitive") && bool(node, "sensitive")));
      JsonNode summary = field(root, "summary");
      ChangeSummary counts = new ChangeSummary(number(summary, "workloads"),
          number(summary, "values"), number(summary, "bindings"), number(summary, "variables"),
          number(summary, "conflicts"));
      List<WorkloadPreview> workloads = list(root, "workloads", node -> new WorkloadPreview(
          text(node, "key"), text(node, "name"), item(field(node, "image_tag")),
          item(field(node, "replicas")), item(field(node, "resources"))));
      List<FileDiff> files = list(root, "files", node -> new FileDiff(text(node, "path"),
          PreviewAction.fromWireName(text(node, "action")), optionalText(node, "diff"),
          bool(node, "truncated"), number(node, "old_lines"), number(node, "new_lines"),
          optionalNumber(node, "added_lines"), optionalNumber(node, "removed_lines")));
      List<String> warnings = list(root, "warnings", JsonNode::textValue);
      return new Preview(ProjectId.of(text(root, "project")),
          EnvironmentName.of(text(root, "source")), EnvironmentName.of(text(root, "target")),
          Revision.of(text(root, "source_revision")), Revision.of(text(root, "target_revision")),
          optionalText(root, "base_revision").map(Revision::of), scope, rules, workloads,
          list(root, "values", PreviewFormat::item), list(root, "bindings", PreviewFormat::item),
          list(root, "variables", PreviewFormat::item), differences, files, counts, warnings);
    } catch (BatonException e) {
      if (e.code() == ErrorCode.MALFORMED_DOCUMENT) {
        throw e;
      }
      throw malformed("is not a preview: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw malformed("is not a preview: " + e.getMessage());
    }
  }

  private static PreviewItem item(JsonNode node) {
    return new PreviewItem(text(node, "key"), optionalText(node, "source"),
        optionalText(node, "target"), optionalText(node, "after"),
        PreviewAction.fromWireName(text(node, "action")), bool(node, "carried"),
        bool(node, "conflict"));
  }

  private static <T> List<T> list(JsonNode node, String name, Function<JsonNode, T> read) {
    List<T> out = new ArrayList<>();
    for (JsonNode entry : array(node, name)) {
      out.add(read.apply(entry));
    }
    return out;
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw malformed("has no '" + name + "'");
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw malformed("has '" + name + "' that is not a list");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw malformed("has '" + name + "' that is not text");
    }
    return value.textValue();
  }

  private static Optional<String> optionalText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(text(node, name));
  }

  private static int number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw malformed("has '" + name + "' that is not a whole number");
    }
    return value.intValue();
  }

  private static OptionalInt optionalNumber(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? OptionalInt.empty()
        : OptionalInt.of(number(node, name));
  }

  private static boolean bool(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isBoolean()) {
      throw malformed("has '" + name + "' that is not true or false");
    }
    return value.booleanValue();
  }

  private static BatonException malformed(String problem) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT, "the preview " + problem);
  }
}
