package dev.baton.manifests;

import dev.baton.internal.yaml.YamlFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Walks two YAML documents side by side and lists where they differ. Mappings pair by key; lists
 * whose items are all mappings with distinct {@code name}s pair by name (containers, env vars,
 * Kustomize images), other lists by position; scalars compare by value, so quoting alone is no
 * difference.
 */
final class TreeDiff {
  /** Keys shown without quotes; {@link #plainKey} checks it by hand (every difference). */
  static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$@/-]+");
  private final int maxDepth;
  private final List<Delta> out = new ArrayList<>();
  // the path of the nodes being compared: pushed and popped as the walk descends and returns,
  // and copied only into a delta (most nodes visited are equal and need no path of their own)
  private final ArrayList<Seg> path = new ArrayList<>();

  private TreeDiff(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Where two documents differ, outermost first, in the target's order. */
  static List<Delta> between(Node source, Node target, int maxDepth) {
    TreeDiff diff = new TreeDiff(maxDepth);
    diff.walk(source, target, null, null, 0);
    return diff.out;
  }

  private void walk(Node s, Node t, Node sParent, Node tParent, int depth) {
    if (s == null && t == null) {
      return;
    }
    if (s == null || t == null || depth > maxDepth) {
      delta(s, t, sParent, tParent);
      return;
    }
    if (s instanceof MappingNode sm && t instanceof MappingNode tm) {
      // Usually both sides have the same keys in the same order: each pair of entries is
      // compared as it is reached, without building the maps. From the first pair whose keys
      // differ (or a merge key), the rest pair by key as the maps pair them: the same visits in
      // the same order as pairing everything by key, since the entries compared so far come
      // first in the target's order and each key is in both (a parsed file has no key twice in
      // one mapping).
      List<NodeTuple> st = sm.getValue();
      List<NodeTuple> tt = tm.getValue();
      int both = Math.min(st.size(), tt.size());
      int paired = 0;
      while (paired < both && st.get(paired).getKeyNode() instanceof ScalarNode sk
          && tt.get(paired).getKeyNode() instanceof ScalarNode tk
          && sk.getValue().equals(tk.getValue()) && !tk.getValue().equals("<<")) {
        child(st.get(paired).getValueNode(), tt.get(paired).getValueNode(),
            Seg.key(tk.getValue()), sm, tm, depth);
        paired++;
      }
      if (paired < st.size() || paired < tt.size()) {
        byKey(sm, tm, paired, depth);
      }
    } else if (s instanceof SequenceNode ss && t instanceof SequenceNode ts) {
      if (byName(ss) && byName(ts)) {
        Map<String, Node> sv = named(ss);
        Map<String, Node> tv = named(ts);
        Set<String> names = new LinkedHashSet<>(tv.keySet());
        names.addAll(sv.keySet());
        for (String name : names) {
          child(sv.get(name), tv.get(name), Seg.name(name), ss, ts, depth);
        }
      } else if (ss.getValue().size() == ts.getValue().size()) {
        for (int i = 0; i < ss.getValue().size(); i++) {
          child(ss.getValue().get(i), ts.getValue().get(i), Seg.index(i), ss, ts, depth);
        }
      } else {
        delta(s, t, sParent, tParent);
      }
    } else if (s instanceof ScalarNode sc && t instanceof ScalarNode tc) {
      if (!Objects.equals(sc.getValue(), tc.getValue())) {
        delta(s, t, sParent, tParent);
      }
    } else {
      delta(s, t, sParent, tParent);
    }
  }

  // one step down: the children compared at the path with seg appended
  private void child(Node s, Node t, Seg seg, Node sParent, Node tParent, int depth) {
    path.add(seg);
    walk(s, t, sParent, tParent, depth + 1);
    path.remove(path.size() - 1);
  }

  private void delta(Node s, Node t, Node sParent, Node tParent) {
    out.add(new Delta(List.copyOf(path), s, t, sParent, tParent));
  }

  /**
   * The entries of two mappings paired by key, the target's keys first, then those only the
   * source has, less the first {@code skipped} keys of the target (compared already).
   */
  private void byKey(MappingNode sm, MappingNode tm, int skipped, int depth) {
    Map<String, Node> sv = entries(sm);
    Map<String, Node> tv = entries(tm);
    int at = 0;
    for (Map.Entry<String, Node> entry : tv.entrySet()) {
      if (at++ >= skipped) {
        child(sv.get(entry.getKey()), entry.getValue(), Seg.key(entry.getKey()), sm, tm, depth);
      }
    }
    for (Map.Entry<String, Node> entry : sv.entrySet()) {
      if (!tv.containsKey(entry.getKey())) {
        child(entry.getValue(), null, Seg.key(entry.getKey()), sm, tm, depth);
      }
    }
  }

  /** A mapping's entries by scalar key, in order; merge keys and complex keys are skipped. */
  static Map<String, Node> entries(MappingNode mapping) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && !key.getValue().equals("<<")) {
        out.putIfAbsent(key.getValue(), tuple.getValueNode());
      }
    }
    return out;
  }

  /** Whether every item is a mapping with a distinct, non-empty scalar {@code name}. */
  static boolean byName(SequenceNode list) {
    Set<String> seen = new HashSet<>();
    for (Node item : list.getValue()) {
      Optional<String> name = YamlFile.get(item, "name").flatMap(YamlFile::scalar);
      if (name.isEmpty() || name.get().isEmpty() || !seen.add(name.get())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Node> named(SequenceNode list) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (Node item : list.getValue()) {
      out.put(YamlFile.get(item, "name").flatMap(YamlFile::scalar).orElseThrow(), item);
    }
    return out;
  }

  /** One step of a path inside a document: a key, a list item by name, or by position. */
  record Seg(Kind kind, String value) {
    enum Kind { KEY, NAME, INDEX }

    static Seg key(String key) {
      return new Seg(Kind.KEY, key);
    }

    static Seg name(String name) {
      return new Seg(Kind.NAME, name);
    }

    static Seg index(int index) {
      return new Seg(Kind.INDEX, Integer.toString(index));
    }

    boolean isKey(String key) {
      return kind == Kind.KEY && value.equals(key);
    }
  }

  /** Whether {@link #PLAIN_KEY} matches the whole key. */
  static boolean plainKey(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '$' || c == '@' || c == '/' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** A path for people: {@code spec.containers[app].image}, {@code args[0]}. */
  static String show(List<Seg> path) {
    StringBuilder out = new StringBuilder();
    for (Seg seg : path) {
      switch (seg.kind()) {
        case KEY -> {
          boolean plain = plainKey(seg.value());
          if (plain) {
            out.append(out.length() == 0 ? "" : ".").append(seg.value());
          } else {
            out.append("[\"").append(seg.value().replace("\"", "\\\"")).append("\"]");
          }
        }
        case NAME -> out.append('[').append(seg.value()).append(']');
        case INDEX -> out.append('[').append(seg.value()).append(']');
        default -> throw new IllegalStateException();
      }
    }
    return out.toString();
  }

  /**
   * One place where the documents differ: the nodes on each side (null where a side lacks it)
   * and their parents (the mapping or list holding them), for edits that add or remove.
   */
  record Delta(List<Seg> path, Node source, Node target, Node sourceParent, Node targetParent) {
    /** The last key of the path, when the delta is a mapping entry. */
    Optional<String> key() {
      Seg last = path.isEmpty() ? null : path.get(path.size() - 1);
      return last != null && last.kind() == Seg.Kind.KEY ? Optional.of(last.value())
          : Optional.empty();
    }
  }
}
