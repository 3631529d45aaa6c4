package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.model.Page;
import dev.baton.model.Pipeline;
import dev.baton.preview.Preview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shapes {@code --json} prints, built in this one place so that every command follows the
 * same rules (documented in docs/cli.md, "JSON output"): one JSON object per command, never a
 * bare array; a list is {@code {"items": [...]}}, a page of one adds {@code offset},
 * {@code total} and {@code nextOffset}; keys in camelCase; enums as their constant names; sets
 * in a defined order (see {@link Json}); an error is {@code {"error": {code, http, message,
 * problems}}} on stderr. Stateless.
 */
final class JsonView {

  /** The code of a usage error under {@code --json} (exit code 2). */
  static final String USAGE = "USAGE";
  /** The code of a failure that is neither a usage error nor a refusal (exit code 1). */
  static final String FAILURE = "FAILURE";

  private JsonView() {}

  /** An object with these keys and values, in this order. */
  static Map<String, Object> object(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      object.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return object;
  }

  /** A whole list: {@code {"items": [...]}}. */
  static Map<String, Object> list(List<?> items) {
    return object("items", items);
  }

  /**
   * One page of a longer list: {@code {"items", "offset", "total", "nextOffset"}}, where
   * {@code nextOffset} is the {@code --offset} of the next page, or null on the last one.
   */
  static Map<String, Object> page(Page<?> page) {
    return object("items", page.items(), "offset", page.offset(), "total", page.total(),
        "nextOffset", page.hasMore() ? page.offset() + page.items().size() : null);
  }

  /**
   * A preview: its record's components (as everywhere else, not the snake_case file format of
   * {@code PreviewFormat}, which {@code --yaml} prints), with the summary's {@code total}.
   */
  static ObjectNode preview(Preview preview) {
    ObjectNode tree = Json.mapper().valueToTree(preview);
    ((ObjectNode) tree.get("summary")).put("total", preview.summary().total());
    return tree;
  }

  /**
   * A pipeline and where it came from: {@code source} holds the branch and, when the branch has
   * the pipeline file, its path and the commit that last changed it (else both null).
   */
  static ObjectNode pipeline(Pipeline pipeline, String branch, Optional<PipelineFile> file) {
    ObjectNode tree = Json.mapper().valueToTree(pipeline);
    ObjectNode source = tree.putObject("source");
    source.put("branch", branch);
    source.put("file", file.map(f -> Workspace.PIPELINE_FILE).orElse(null));
    source.put("commit", file.map(f -> f.commit().name()).orElse(null));
    return tree;
  }

  /** An error on stderr: {@code {"error": {"code", "http", "message", "problems"}}}. */
  static Map<String, Object> error(String code, int http, String message,
      List<String> problems) {
    return object("error", object("code", code, "http", http, "message", message,
        "problems", problems));
  }
}
