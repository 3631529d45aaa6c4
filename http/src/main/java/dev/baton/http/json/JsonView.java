package dev.baton.http.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.model.Page;
import dev.baton.model.Pipeline;
import dev.baton.preview.Preview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shapes Baton's JSON takes, built in this one place so that the command line's
 * {@code --json} and the HTTP API follow the same rules (docs/cli.md, "JSON output"): one JSON
 * object per answer, never a bare array; a list is {@code {"items": [...]}}, a page of one adds
 * {@code offset}, {@code total} and {@code nextOffset}; keys in camelCase; enums as their
 * constant names; sets in a defined order (see {@link Json}); the command line's error is
 * {@code {"error": {code, http, message, problems}}} on stderr. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class JsonView {

  /**
   * The code of a usage error under {@code --json} (exit code 2).
   *
   * @since 0.2
   */
  public static final String USAGE = "USAGE";
  /**
   * The code of a failure that is neither a usage error nor a refusal (exit code 1).
   *
   * @since 0.2
   */
  public static final String FAILURE = "FAILURE";

  private JsonView() {}

  /**
   * An object with these keys and values, in this order.
   *
   * @param keysAndValues key, value, key, value…; keys are strings, values anything
   *     {@link Json} encodes (null included)
   * @return a mutable, ordered map
   * @throws IllegalArgumentException for an odd number of arguments
   * @since 0.2
   */
  public static Map<String, Object> object(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      object.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return object;
  }

  /**
   * A whole list: {@code {"items": [...]}}.
   *
   * @param items the items, in their order
   * @return the object
   * @since 0.2
   */
  public static Map<String, Object> list(List<?> items) {
    return object("items", items);
  }

  /**
   * One page of a longer list: {@code {"items", "offset", "total", "nextOffset"}}, where
   * {@code nextOffset} is the offset of the next page, or null on the last one.
   *
   * @param page the page
   * @return the object
   * @since 0.2
   */
  public static Map<String, Object> page(Page<?> page) {
    return object("items", page.items(), "offset", page.offset(), "total", page.total(),
        "nextOffset", page.hasMore() ? page.offset() + page.items().size() : null);
  }

  /**
   * A preview: its record's components (as everywhere else, not the snake_case file format of
   * {@code PreviewFormat}, which {@code --yaml} prints), with the summary's {@code total}.
   *
   * @param preview the preview
   * @return a new tree
   * @since 0.2
   */
  public static ObjectNode preview(Preview preview) {
    ObjectNode tree = Json.mapper().valueToTree(preview);
    ((ObjectNode) tree.get("summary")).put("total", preview.summary().total());
    return tree;
  }

  /**
   * A pipeline and where it came from: {@code source} holds the branch and, when the branch has
   * the pipeline file, its path and the commit that last changed it (each null when unknown, as
   * for a pipeline kept only in a store).
   *
   * @param pipeline the stored pipeline
   * @param branch the branch the environments live on, if any
   * @param file the pipeline file's path on the branch, if it has one
   * @param commit the commit that last changed that file, if known
   * @return a new tree
   * @since 0.2
   */
  public static ObjectNode pipeline(Pipeline pipeline, Optional<String> branch,
      Optional<String> file, Optional<String> commit) {
    ObjectNode tree = Json.mapper().valueToTree(pipeline);
    ObjectNode source = tree.putObject("source");
    source.put("branch", branch.orElse(null));
    source.put("file", file.orElse(null));
    source.put("commit", commit.orElse(null));
    return tree;
  }

  /**
   * The command line's error on stderr: {@code {"error": {"code", "http", "message",
   * "problems"}}}.
   *
   * @param code a refusal's {@code ErrorCode} name, {@link #USAGE} or {@link #FAILURE}
   * @param http the HTTP status the error maps to
   * @param message for people
   * @param problems every problem (one when there is just one)
   * @return the object
   * @since 0.2
   */
  public static Map<String, Object> error(String code, int http, String message,
      List<String> problems) {
    return object("error", object("code", code, "http", http, "message", message,
        "problems", problems));
  }
}
