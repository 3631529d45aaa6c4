package dev.baton.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.internal.yaml.YamlFile;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Values as a preview shows them: a scalar as written, anything larger compactly and cut. */
final class Shown {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX = 160;

  private Shown() {}

  static Optional<String> of(Node node) {
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof ScalarNode scalar) {
      return Optional.of(cut(scalar.getValue()));
    }
    try {
      return Optional.of(cut(JSON.writeValueAsString(YamlFile.toJava(node))));
    } catch (JsonProcessingException e) {
      return Optional.of("(" + node.getNodeId() + ")");
    }
  }

  static String file(String text) {
    long lines = text.chars().filter(c -> c == '\n').count()
        + (text.isEmpty() || text.endsWith("\n") ? 0 : 1);
    return "(file, " + lines + (lines == 1 ? " line)" : " lines)");
  }

  private static String cut(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX - 1) + "…";
  }
}
