package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** How tree paths and values are shown as text in snapshots. */
final class Texts {

  private Texts() {}

  /** Appends a map key to a dotted path, bracketing keys that would be ambiguous. */
  static String child(String path, String key) {
    if (plainSegment(key)) {
      return path.isEmpty() ? key : path + "." + key;
    }
    StringBuilder quoted = new StringBuilder(path).append("[\"");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append("\"]").toString();
  }

  // as the pattern [A-Za-z0-9_-]+, without a matcher per key (a values file has thousands)
  static boolean plainSegment(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  /** A leaf's text: a scalar as itself, empty containers as {@code {}} and {@code []}. */
  static String leaf(JsonNode node) {
    if (node.isObject()) {
      return "{}";
    }
    if (node.isArray()) {
      return "[]";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBigDecimal()) {
      BigDecimal value = node.decimalValue();
      String plain = value.toPlainString();
      return plain.length() <= 40 ? plain : value.toString();
    }
    return node.asText();
  }

  /**
   * Any node as one line: a scalar as itself, a container as its leaves {@code path=value},
   * sorted by path and joined by ", "; text leaves pass through {@code resolve}.
   */
  static String compact(JsonNode node, UnaryOperator<String> resolve) {
    if (!node.isContainerNode() || node.isEmpty()) {
      return node.isTextual() ? resolve.apply(node.textValue()) : leaf(node);
    }
    TreeMap<String, JsonNode> leaves = new TreeMap<>();
    leaves(node, "", leaves);
    StringBuilder out = new StringBuilder();
    leaves.forEach((path, value) -> {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(path).append('=')
          .append(value.isTextual() ? resolve.apply(value.textValue()) : leaf(value));
    });
    return out.toString();
  }

  /** Every leaf (scalar or empty container) under a node, keyed by its path. */
  static void leaves(JsonNode node, String prefix, Map<String, ? super JsonNode> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        leaves(field.getValue(), child(prefix, field.getKey()), out);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(node.get(i), index(prefix, i), out);
      }
    } else {
      out.put(prefix, node);
    }
  }
}
