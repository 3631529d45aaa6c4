package dev.baton.manifests;

import dev.baton.internal.yaml.YamlFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The nodes of a parsed YAML file that hold sensitive values (by {@link SensitiveNames}' rules),
 * and the file's text with them masked. Filled while it is made, then read only: one serves
 * every reader of the same parse (thread-safe once {@link #of} returns it).
 */
final class SensitiveNodes {
  private static final Pattern ASSIGNMENT = Pattern.compile(
      "^(\\s*(?:export\\s+)?[\"']?([A-Za-z_][A-Za-z0-9_.-]*)[\"']?\\s*[=:]\\s?)(.*)$");

  private final YamlFile file;
  private final SensitiveNames names;
  /** The names' answers, looked up once for the walk (see SensitiveNames#answers). */
  private final SensitiveNames.Answers answers;
  /**
   * Every node inside a sensitive subtree (containers and scalars); null while there is none
   * (most files have none, and an identity set starts at 64 slots).
   */
  private Set<Node> inside;
  /** The roots of sensitive subtrees, in file order. */
  private final List<Node> roots = new ArrayList<>();

  private SensitiveNodes(YamlFile file, SensitiveNames names) {
    this.file = file;
    this.names = names;
    this.answers = names.answers();
  }

  /**
   * The sensitive nodes of {@code file} by {@code names}; kept with the parse, so that a file
   * read again from the content cache (the target of every promotion from it) is walked once.
   */
  static SensitiveNodes of(YamlFile file, SensitiveNames names) {
    return file.derived(names, SensitiveNodes.class, f -> walked(f, names));
  }

  // the walk itself, without the parse's slot (also the tests' reference)
  static SensitiveNodes walked(YamlFile file, SensitiveNames names) {
    SensitiveNodes out = new SensitiveNodes(file, names);
    for (Node document : file.documents()) {
      if (document != null) {
        boolean secret = YamlFile.get(document, "kind").flatMap(YamlFile::scalar)
            .map("Secret"::equals).orElse(false);
        out.walk(document, secret, 0);
      }
    }
    return out;
  }

  /** Whether a node lies in a sensitive subtree or holds one. */
  boolean touches(Node node) {
    if (node == null || inside == null) {
      return false;
    }
    if (inside.contains(node)) {
      return true;
    }
    if (node instanceof MappingNode mapping) {
      return mapping.getValue().stream().anyMatch(t -> touches(t.getValueNode()));
    }
    if (node instanceof SequenceNode list) {
      return list.getValue().stream().anyMatch(this::touches);
    }
    return false;
  }

  /** The file's text with every sensitive subtree replaced, line breaks kept. */
  String mask() {
    String text = file.text();
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    List<Node> ordered = new ArrayList<>(roots);
    ordered.sort(Comparator.comparingInt(file::start));
    for (Node root : ordered) {
      int start = file.start(root);
      int end = file.end(root);
      if (start < at || end <= start) {
        continue; // inside a subtree already masked (an alias's anchor), or an empty value
      }
      out.append(text, at, start).append(SensitiveNames.MASK);
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c == '\n' || c == '\r') {
          out.append(c);
        }
      }
      at = end;
    }
    return out.append(text, at, text.length()).toString();
  }

  /** Masks {@code NAME=value} and {@code NAME: value} lines whose name is sensitive. */
  static String maskLines(String text, SensitiveNames names) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      String line = text.substring(start, end < 0 ? text.length() : end);
      String body = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      Matcher m = ASSIGNMENT.matcher(body);
      if (m.matches() && !m.group(3).isEmpty() && names.matches(m.group(2))) {
        out.append(m.group(1)).append(SensitiveNames.MASK).append(line.substring(body.length()));
      } else {
        out.append(line);
      }
      if (end < 0) {
        break;
      }
      out.append('\n');
      start = end + 1;
    }
    return out.toString();
  }

  private void walk(Node node, boolean secret, int depth) {
    if (node instanceof MappingNode mapping) {
      String itemName = itemName(mapping);
      boolean namedSensitive = itemName != null && names.matches(itemName, answers);
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
        boolean sensitive = names.matches(key, answers)
            || (secret && depth == 0 && (key.equals("data") || key.equals("stringData")))
            || (namedSensitive && !key.equals("name"));
        if (sensitive) {
          mark(tuple.getValueNode());
        } else if (key.equals("secretGenerator") && tuple.getValueNode() instanceof SequenceNode
            generators) {
          // Kustomize secretGenerator literals are NAME=value pairs of a Secret
          for (Node generator : generators.getValue()) {
            YamlFile.get(generator, "literals").ifPresent(this::mark);
          }
          walk(tuple.getValueNode(), secret, depth + 1);
        } else {
          walk(tuple.getValueNode(), secret, depth + 1);
        }
      }
    } else if (node instanceof SequenceNode list) {
      list.getValue().forEach(item -> walk(item, secret, depth + 1));
    }
  }

  // as YamlFile.get(mapping, "name").flatMap(YamlFile::scalar), without an Optional per mapping
  private static String itemName(MappingNode mapping) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")) {
        return tuple.getValueNode() instanceof ScalarNode value ? value.getValue() : null;
      }
    }
    return null;
  }

  private void mark(Node node) {
    if (inside == null) {
      inside = Collections.newSetFromMap(new IdentityHashMap<>());
    }
    if (!inside.contains(node)) {
      roots.add(node);
    }
    markInside(node);
  }

  private void markInside(Node node) {
    if (!inside.add(node)) {
      return;
    }
    if (node instanceof MappingNode mapping) {
      mapping.getValue().forEach(t -> markInside(t.getValueNode()));
    } else if (node instanceof SequenceNode list) {
      list.getValue().forEach(this::markInside);
    }
  }
}
