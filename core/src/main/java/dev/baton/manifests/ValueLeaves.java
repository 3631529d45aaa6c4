package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The leaves of the VALUES property of one Helm values file ({@link HelmValues#valueLeaves},
 * flattened with {@link Texts#leaves}), keyed {@code <file>:<path>} in key order, each with its
 * text. A pure function of the file's path and tree, cached with the tree by content, so that
 * every snapshot of the same file (real and masked, source and after, planned and previewed)
 * flattens it once. Immutable once built; the memo of the last masking is published safely.
 */
final class ValueLeaves {
  /** The values file's path. */
  private final String path;
  private final String[] keys;
  private final String[] paths;
  /** The leaf's text: the scalar text as written for text leaves, else as Texts#leaf shows. */
  private final String[] texts;
  private final boolean[] textual;
  /** Whether any text leaf may hold a placeholder; when none does, resolving changes nothing. */
  private final boolean placeholders;
  /** The texts by key, as read without masking; shared, never modified. */
  private final SortedMap<String, String> plain;
  private volatile Masked lastMasked;

  @SuppressWarnings("unchecked")
  private ValueLeaves(String path, TreeMap<String, Object> leaves, int prefix) {
    this.path = path;
    int n = leaves.size();
    keys = new String[n];
    paths = new String[n];
    texts = new String[n];
    textual = new boolean[n];
    boolean anyPlaceholder = false;
    int i = 0;
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      JsonNode node = (JsonNode) leaf.getValue();
      keys[i] = leaf.getKey();
      paths[i] = leaf.getKey().substring(prefix);
      textual[i] = node.isTextual();
      texts[i] = node.isTextual() ? node.textValue() : Texts.leaf(node);
      anyPlaceholder |= textual[i] && texts[i].contains("${");
      leaf.setValue(texts[i]);
      i++;
    }
    placeholders = anyPlaceholder;
    // the same tree, each leaf replaced by its text: no second sort
    plain = FrozenSortedMap.owning((TreeMap<String, String>) (TreeMap<?, ?>) leaves);
  }

  /** Flattens the VALUES leaves of {@code tree}, the values file at {@code path}. */
  static ValueLeaves of(String path, ObjectNode tree) {
    String prefix = path + ":";
    // put in walk order, so that a path met twice keeps its last leaf, as snapshots always did
    TreeMap<String, Object> leaves = new TreeMap<>();
    HelmValues.valueLeaves(tree, (dotted, node) -> {
      if (!node.isContainerNode() || node.isEmpty()) {
        leaves.put(prefix + dotted, node); // a leaf itself, as Texts.leaves would give it
        return;
      }
      // straight into the map of all leaves, in walk order (a key met twice keeps its last
      // leaf, as through a map of this subtree's leaves first); the prefixed dotted path is
      // never empty, so its children are named as they would be without the prefix
      Texts.leaves(node, prefix + dotted, leaves);
    });
    return new ValueLeaves(path, leaves, prefix.length());
  }

  /** The path of the values file these are the leaves of. */
  String path() {
    return path;
  }

  int size() {
    return keys.length;
  }

  String key(int i) {
    return keys[i];
  }

  String text(int i) {
    return texts[i];
  }

  boolean textual(int i) {
    return textual[i];
  }

  /** Whether some text leaf holds {@code ${}, so that resolving may change it. */
  boolean placeholders() {
    return placeholders;
  }

  /** Every leaf's text by key, unresolved and unmasked. */
  SortedMap<String, String> plain() {
    return plain;
  }

  /** Which leaves lie under a sensitive key (any key of the leaf's dotted path). */
  boolean[] sensitive(SensitiveNames names) {
    return masked(names).hidden;
  }

  /**
   * Every leaf's text by key, unresolved, with the leaves under a sensitive key shown as
   * {@link SensitiveNames#MASK}; shared, never modified.
   */
  SortedMap<String, String> plainMasked(SensitiveNames names) {
    return masked(names).texts;
  }

  // the masking by the last names asked for (a preview asks for one set of names many times)
  private Masked masked(SensitiveNames names) {
    Masked last = lastMasked;
    if (last != null && last.names.equals(names)) {
      return last;
    }
    boolean[] hidden = new boolean[keys.length];
    TreeMap<String, String> shown = null;
    Map<String, Boolean> answers = new HashMap<>();
    for (int i = 0; i < keys.length; i++) {
      hidden[i] = sensitivePath(paths[i], names, answers);
      if (hidden[i]) {
        shown = shown == null ? new TreeMap<>(plain) : shown;
        shown.put(keys[i], SensitiveNames.MASK);
      }
    }
    Masked made = new Masked(names, hidden,
        shown == null ? plain : FrozenSortedMap.owning(shown));
    lastMasked = made;
    return made;
  }

  /**
   * Whether any key of a dotted values path ({@code db.password}, {@code a["b.c"]}) is: the
   * runs of characters between {@code .}, {@code [}, {@code ]} and {@code "}. Keys repeat from
   * path to path, so each is asked once per masking ({@code known}).
   */
  private static boolean sensitivePath(String dotted, SensitiveNames names,
      Map<String, Boolean> known) {
    int start = 0;
    int n = dotted.length();
    while (start < n) {
      while (start < n && separator(dotted.charAt(start))) {
        start++;
      }
      int end = start;
      while (end < n && !separator(dotted.charAt(end))) {
        end++;
      }
      if (end > start) {
        String part = dotted.substring(start, end);
        Boolean hidden = known.get(part);
        if (hidden == null) {
          hidden = names.matches(part);
          known.put(part, hidden);
        }
        if (hidden) {
          return true;
        }
      }
      start = end;
    }
    return false;
  }

  private static boolean separator(char c) {
    return c == '.' || c == '[' || c == ']' || c == '"';
  }

  private record Masked(SensitiveNames names, boolean[] hidden,
      SortedMap<String, String> texts) {}
}
