package dev.baton.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body: one object whose keys are all known. Reading it collects every problem
 * (an unknown key, a value of the wrong type, a missing key) and {@link #done()} refuses the
 * request with all of them in one INVALID_ARGUMENT problem. Not thread-safe; one per request.
 */
final class Body {
  private final ObjectNode object;
  private final List<String> problems = new ArrayList<>();

  private Body(ObjectNode object, Set<String> known) {
    this.object = object;
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add("unknown key '" + name + "' (known: " + String.join(", ",
            known.stream().sorted().toList()) + ")");
      }
    }
  }

  /** Parses the body; an empty body reads as {@code {}} when {@code emptyAllowed}. */
  static Body parse(String text, boolean emptyAllowed, Set<String> known) {
    if (text == null || text.isBlank()) {
      if (emptyAllowed) {
        return new Body(Json.mapper().createObjectNode(), known);
      }
      throw invalid("the request needs a JSON object body", List.of());
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid("the body is not JSON: " + e.getOriginalMessage(), List.of());
    }
    if (tree == null || !tree.isObject()) {
      throw invalid("the body is JSON but not an object", List.of());
    }
    return new Body((ObjectNode) tree, known);
  }

  /** A text value, required. */
  String text(String key) {
    return optionalText(key).orElseGet(() -> {
      if (!object.has(key) || object.get(key).isNull()) {
        problems.add("'" + key + "' is required");
      }
      return null;
    });
  }

  /** A text value, or empty when absent or null. */
  Optional<String> optionalText(String key) {
    JsonNode value = object.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      problems.add("'" + key + "' is a string, not " + value.getNodeType().name()
          .toLowerCase(Locale.ROOT));
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  /** A boolean value, false when absent. */
  boolean flag(String key) {
    JsonNode value = object.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      problems.add("'" + key + "' is true or false");
      return false;
    }
    return value.asBoolean();
  }

  /** Records a problem found while converting a value. */
  void problem(String problem) {
    problems.add(problem);
  }

  /** Refuses the request when anything was wrong. */
  void done() {
    if (!problems.isEmpty()) {
      throw invalid(problems.size() == 1 ? problems.get(0)
          : "the body has " + problems.size() + " problems: " + String.join("; ", problems),
          problems);
    }
  }

  static HttpProblem invalid(String detail, List<String> problems) {
    return new HttpProblem(400, ErrorCode.INVALID_ARGUMENT.name(), detail,
        problems.isEmpty() ? List.of(detail) : problems);
  }
}
