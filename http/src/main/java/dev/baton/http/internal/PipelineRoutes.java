package dev.baton.http.internal;

import static dev.baton.http.internal.ApiRoutes.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.Json;
import dev.baton.http.json.JsonView;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline routes: {@code GET} answers a project's pipeline with its version as the
 * {@code ETag}; {@code PUT} replaces it by compare-and-set, the version named by
 * {@code If-Match} (or {@code If-None-Match: *} to create it) being the one the store must
 * still hold. The body is the pipeline document as YAML, or as JSON in the same keys (the JSON
 * that {@code GET} answers included). When the pipelines come from elsewhere (the command
 * line's {@code .baton/pipeline.yaml}, stored again before every command), {@code PUT} is
 * refused with PIPELINE_CONFLICT rather than stored and silently undone later. Immutable and
 * thread-safe.
 */
final class PipelineRoutes {
  private final Baton baton;
  private final Optional<String> readOnlySource;

  /**
   * The routes over this engine.
   *
   * @param readOnlySource where the pipelines are changed instead, when something other than
   *     this API is their source of truth and stores them again on its own; empty when
   *     {@code PUT} replaces them
   */
  PipelineRoutes(Baton baton, Optional<String> readOnlySource) {
    this.baton = baton;
    this.readOnlySource = readOnlySource;
  }

  void register(RoutesConfig r, Route route) {
    r.get(API + "/projects/{slug}/promotion/pipeline", route.handler(this::getPipeline));
    r.put(API + "/projects/{slug}/promotion/pipeline", route.handler(this::putPipeline));
  }

  private Object getPipeline(Context ctx, UserId caller) {
    Pipeline pipeline = baton.pipelines().get(Requests.project(ctx));
    ctx.header("ETag", etag(pipeline.version()));
    return pipelineJson(pipeline);
  }

  private Object putPipeline(Context ctx, UserId caller) {
    ProjectId project = Requests.project(ctx);
    if (readOnlySource.isPresent()) {
      // Stored now, it would be replaced by its source's version later without anyone being
      // told: refused instead, whatever the preconditions and the body say.
      throw new BatonException(ErrorCode.PIPELINE_CONFLICT, "the pipeline of " + project
          + " comes from " + readOnlySource.get() + ", its source of truth, and is read-only"
          + " over HTTP: nothing was stored. Change " + readOnlySource.get() + " instead");
    }
    String ifMatch = ctx.header("If-Match");
    String ifNoneMatch = ctx.header("If-None-Match");
    String document = pipelineDocument(ctx, project);
    Optional<Pipeline> current = baton.pipelines().find(project);
    if (ifMatch == null && !"*".equals(ifNoneMatch == null ? null : ifNoneMatch.strip())) {
      throw new HttpProblem(428, "PRECONDITION_REQUIRED", "replacing the pipeline needs"
          + " If-Match with its version (the ETag of GET), or If-None-Match: * to create it"
          + current.map(p -> "; the current version is " + etag(p.version())).orElse(""));
    }
    long expected;
    if (ifMatch != null) {
      if (current.isEmpty() || !matches(ifMatch, current.get().version())) {
        throw new HttpProblem(412, "PRECONDITION_FAILED", current
            .map(p -> "the pipeline of " + project + " is at version " + etag(p.version())
                + ", not " + ifMatch.strip() + ": read it again and reapply your change")
            .orElse("project " + project + " has no pipeline yet: create it with"
                + " If-None-Match: *"));
      }
      expected = current.get().version();
    } else if (current.isPresent()) {
      throw new HttpProblem(412, "PRECONDITION_FAILED", "the pipeline of " + project
          + " exists (version " + etag(current.get().version()) + "): replace it with"
          + " If-Match");
    } else {
      expected = 0;
    }
    // The version checked above is the one the store's compare-and-set expects, so a write by
    // anyone else in between (another server, the command line) is refused, not overwritten.
    Pipeline stored;
    try {
      stored = baton.pipelines().replaceFromYamlIfVersion(project, document, expected, caller);
    } catch (BatonException e) {
      if (e.code() != ErrorCode.PIPELINE_VERSION_MISMATCH) {
        throw e;
      }
      throw new HttpProblem(412, "PRECONDITION_FAILED", e.getMessage());
    }
    ctx.header("ETag", etag(stored.version()));
    return pipelineJson(stored);
  }

  private static ObjectNode pipelineJson(Pipeline pipeline) {
    return JsonView.pipeline(pipeline, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** Whether an If-Match header (a list of entity tags, or *) names this version. */
  static boolean matches(String header, long version) {
    for (String tag : header.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag(version)) || t.equals(Long.toString(version))) {
        return true; // a weak tag (W/"3") never matches: If-Match compares strongly
      }
    }
    return false;
  }

  /**
   * The pipeline document to parse: YAML as the pipeline file has it, or JSON in the same keys;
   * the JSON that GET answers is accepted too (its {@code version} and {@code source} are
   * dropped, and null values read as absent).
   */
  private static String pipelineDocument(Context ctx, ProjectId project) {
    String text = ctx.body();
    if (text == null || text.isBlank()) {
      throw Body.invalid("the request needs the pipeline document as its body", List.of());
    }
    String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("yaml")) {
      return text;
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw Body.invalid("the body is not JSON: " + e.getOriginalMessage()
          + " (send YAML with Content-Type: application/yaml)", List.of());
    }
    if (tree == null || !tree.isObject()) {
      throw Body.invalid("the pipeline is a JSON object", List.of());
    }
    ObjectNode object = (ObjectNode) tree;
    object.remove("version");
    object.remove("source");
    dropNulls(object);
    if (!object.has("project")) {
      object.put("project", project.value());
    }
    return Json.line(object);
  }

  private static void dropNulls(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          it.remove();
        } else {
          dropNulls(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(PipelineRoutes::dropNulls);
    }
  }
}
