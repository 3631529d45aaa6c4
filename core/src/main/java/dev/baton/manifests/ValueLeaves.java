package dev.baton.manifests;

import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.YamlFile;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The leaves of the VALUES property of one Helm values file (by {@link HelmValues}' rules, below
 * the structural levels flattened as {@link Texts#leaves} flattens a tree), keyed
 * {@code <file>:<path>} in key order, each with its text. Read straight from the parsed YAML
 * nodes, as the file's Jackson copy ({@link EnvironmentModel#json}) would give them: a scalar's
 * text as written, {@code null} for a null, {@code {}} and {@code []} for empty containers. A
 * pure function of the file's path and tree, cached with the tree by content, so that every
 * snapshot of the same file (real and masked, source and after, planned and previewed) flattens
 * it once. Immutable once built; the memo of the last masking is published safely.
 */
final class ValueLeaves {
  // The last leaves made of each values file's path, whose shape the next file read under that
  // path (the other environment's copy, a new version) likely has. A ContentCache, so that
  // clearAll forgets them too; its slots are written here only.
  private static final ContentCache<String, Recent> RECENT = new ContentCache<>(32, 32);

  /** The values file's path. */
  private final String path;
  private final String[] keys;
  /** The leaf's text: the scalar text as written for text leaves, else as Texts#leaf shows. */
  private final String[] texts;
  private final boolean[] textual;
  /** Each leaf's own segment (the last of its path) in {@link #segments}. */
  private final int[] leafSegments;
  private final Segments segments;
  /**
   * How many of the walk's leaves (kept or not) are texts holding {@code ${}; when none is,
   * resolving changes nothing.
   */
  private final int placeholderLeaves;
  /** The walk's leaves' segments, in walk order (the leaves kept or not). */
  private final int[] walkSegments;
  /** For each leaf in key order, its place in walk order. */
  private final int[] order;
  /**
   * Of leaves made by walking a tree whose leaves start in the text in walk order (always,
   * without aliases): the tree's root, held weakly, and the leaves' nodes and start marks
   * (code points) in walk order, so that a parse derived from that tree can have its leaves
   * made by replacing the texts of the scalars it replaced (see {@link #replaced}). Null
   * otherwise, and for leaves made by replacing or by {@link #sameShape}: those know no nodes
   * of their tree (a derived tree's nodes are copies of its base's, found only by walking it),
   * so a derivation of a derivation is read by the shape walk; in a preview of two files never
   * seen, the one derived is derived from the one walked. The nodes are held strongly: the
   * leaves of the last {@code RECENT} paths keep their trees' leaf nodes alive, a bounded cost.
   */
  private final WeakReference<MappingNode> madeFrom;
  private final Node[] walkNodes;
  private final int[] walkStarts;
  // made by replace() (for the tests: that the derivation's path is the one taken)
  private final boolean byReplacing;
  /** The texts by key, as read without masking; shared, never modified. */
  private final SortedMap<String, String> plain;
  private volatile Masked lastMasked;

  private ValueLeaves(String path, String[] keys, String[] texts, boolean[] textual,
      int[] leafSegments, Segments segments, int placeholderLeaves, int[] walkSegments,
      int[] order, MappingNode madeFrom, Node[] walkNodes, int[] walkStarts,
      boolean byReplacing) {
    this.path = path;
    this.keys = keys;
    this.texts = texts;
    this.textual = textual;
    this.leafSegments = leafSegments;
    this.segments = segments;
    this.placeholderLeaves = placeholderLeaves;
    this.walkSegments = walkSegments;
    this.order = order;
    this.madeFrom = walkNodes == null ? null : new WeakReference<>(madeFrom);
    this.walkNodes = walkNodes;
    this.walkStarts = walkStarts;
    this.byReplacing = byReplacing;
    plain = FrozenSortedMap.ofSorted(keys, texts, keys.length);
  }

  /**
   * Flattens the VALUES leaves of {@code root}, the top-level mapping of the values file at
   * {@code path} (null for an empty file), like the last leaves made under the same path when
   * the file has their shape (see {@link #of(String, MappingNode, ValueLeaves)}): the other
   * environment's copy of a file usually has.
   */
  static ValueLeaves of(String path, MappingNode root) {
    return of(path, root, null, 0);
  }

  /**
   * As {@link #of(String, MappingNode)} for {@code root}, the document at {@code document} of
   * a parse; when that parse was derived from another ({@code derivation}, else null) whose
   * same document the last leaves made under {@code path} were walked from, they are those
   * leaves with the texts of the leaves the derivation replaced, and no tree is walked.
   */
  static ValueLeaves of(String path, MappingNode root, YamlFile.Derivation derivation,
      int document) {
    Recent recent = RECENT.get(path, 1, Recent::new);
    ValueLeaves like = recent.leaves;
    ValueLeaves made = like == null || derivation == null ? null
        : like.replaced(path, root, derivation, document);
    if (made == null) {
      made = of(path, root, like);
    }
    recent.leaves = made;
    return made;
  }

  /**
   * As {@link #of(String, MappingNode)}, reusing the keys, their order and segments of
   * {@code like} (any leaves, or null) when {@code root}'s walk meets the same keys, list items
   * and leaves in the same order as {@code like}'s did: then only the texts are read. Else (a
   * key added, removed or renamed, a leaf become a container) the file is walked afresh.
   */
  static ValueLeaves of(String path, MappingNode root, ValueLeaves like) {
    if (like != null && like.path.equals(path) && root != null) {
      ValueLeaves same = like.sameShape(root);
      if (same != null) {
        return same;
      }
    }
    // the paths are made with the file's prefix, so that they are the keys as they are
    String prefix = path + ":";
    Walk walk = new Walk(prefix);
    if (root != null) {
      walk.structural(new ArrayList<>(), prefix, -1, root);
    }
    // sorted once (stable: leaves with the same key stay in walk order, and the last one is
    // kept, as putting them into a map in walk order kept it); runs in order sort fast
    Leaf[] leaves = Arrays.copyOf(walk.leaves, walk.count);
    int[] walkSegments = new int[walk.count];
    for (int i = 0; i < walk.count; i++) {
      walkSegments[i] = leaves[i].segment;
    }
    boolean[] same = new boolean[1];
    Arrays.sort(leaves, (a, b) -> {
      int c = a.key.compareTo(b.key);
      if (c == 0) {
        same[0] = true;
      }
      return c;
    });
    if (same[0]) {
      leaves = lastOfEach(leaves);
    }
    int n = leaves.length;
    String[] keys = new String[n];
    String[] texts = new String[n];
    boolean[] textual = new boolean[n];
    int[] leafSegments = new int[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      Leaf leaf = leaves[i];
      keys[i] = leaf.key;
      texts[i] = leaf.text;
      textual[i] = leaf.textual;
      leafSegments[i] = leaf.segment;
      order[i] = leaf.at;
    }
    return new ValueLeaves(path, keys, texts, textual, leafSegments, walk.segments,
        walk.placeholderLeaves, walkSegments, order, root,
        walk.ordered ? Arrays.copyOf(walk.nodes, walk.count) : null,
        walk.ordered ? Arrays.copyOf(walk.starts, walk.count) : null, false);
  }

  // These leaves with the texts of the derivation's replaced scalars replaced, when these were
  // walked from the base's document at the same place as root (else null). A derived parse has
  // its base's keys, shape and documents (see YamlFile#derivation): its walk meets the same
  // segments and leaves, and each leaf's node is the base's, or a copy with the same tag and
  // value, or the replacement of a replaced scalar. So only the replaced scalars that are leaves
  // change a text; the leaves start in walk order, so each is found by a binary search by its
  // start, and confirmed by identity (a replaced scalar that is no leaf, under a workload's
  // image for one, is found in none).
  private ValueLeaves replaced(String path, MappingNode root, YamlFile.Derivation derivation,
      int document) {
    // read once: a collection between two reads could clear both this reference and the
    // derivation's base, and two nulls would pass for the same tree
    MappingNode walked = walkNodes == null ? null : madeFrom.get();
    if (walked == null || root == null || !this.path.equals(path)
        || walked != derivation.baseDocument(document)) {
      return null;
    }
    List<ScalarNode> replaced = derivation.replaced();
    List<ScalarNode> replacements = derivation.replacements();
    String[] newTexts = texts;
    boolean[] newTextual = textual;
    int[] keyAt = null;
    int placeholdersNow = placeholderLeaves;
    int from = 0;
    for (int r = 0; r < replaced.size(); r++) {
      ScalarNode old = replaced.get(r);
      int start = old.getStartMark().getIndex();
      int at = Arrays.binarySearch(walkStarts, from, walkStarts.length, start);
      if (at < 0) {
        from = -at - 1;
        continue;
      }
      from = at;
      if (walkNodes[at] != old) {
        continue;
      }
      ScalarNode now = replacements.get(r);
      placeholdersNow += (placeholder(now) ? 1 : 0) - (placeholder(old) ? 1 : 0);
      if (keyAt == null) {
        keyAt = new int[walkStarts.length];
        Arrays.fill(keyAt, -1);
        for (int i = 0; i < order.length; i++) {
          keyAt[order[i]] = i;
        }
        newTexts = texts.clone();
        newTextual = textual.clone();
      }
      int key = keyAt[at];
      if (key >= 0) {
        newTexts[key] = shown(now);
        newTextual[key] = ValueLeaves.textual(now);
      }
    }
    return new ValueLeaves(path, keys, newTexts, newTextual, leafSegments, segments,
        placeholdersNow, walkSegments, order, null, null, null, true);
  }

  // a text leaf holding ${ is what resolving may change; counted so that files without one
  // skip resolving
  private static boolean placeholder(Node node) {
    return textual(node) && shown(node).contains("${");
  }

  // The leaves of root when its walk meets the same segments and leaves as this one's did,
  // else null. The keys, their order and which are kept depend on the segments and the
  // leaves' segments in walk order alone, so they are this one's; only the texts are read.
  private ValueLeaves sameShape(MappingNode root) {
    ShapeWalk walk = new ShapeWalk(segments, walkSegments);
    if (!walk.structural(new ArrayList<>(), -1, root) || walk.segment != segments.count
        || walk.leaf != walkSegments.length) {
      return null;
    }
    int n = keys.length;
    String[] newTexts = new String[n];
    boolean[] newTextual = new boolean[n];
    for (int i = 0; i < n; i++) {
      newTexts[i] = walk.texts[order[i]];
      newTextual[i] = walk.textual[order[i]];
    }
    return new ValueLeaves(path, keys, newTexts, newTextual, leafSegments, segments,
        walk.placeholderLeaves, walkSegments, order, null, null, null, false);
  }

  // of each run of leaves with the same path, the last
  private static Leaf[] lastOfEach(Leaf[] sorted) {
    List<Leaf> kept = new ArrayList<>(sorted.length);
    for (int i = 0; i < sorted.length; i++) {
      if (i + 1 == sorted.length || !sorted[i].key.equals(sorted[i + 1].key)) {
        kept.add(sorted[i]);
      }
    }
    return kept.toArray(new Leaf[0]);
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

  /** Whether these leaves share {@code other}'s keys (made like them, for the tests). */
  boolean sameKeys(ValueLeaves other) {
    return keys == other.keys;
  }

  /** Whether these leaves were made from the last ones by the derivation's replacements. */
  boolean madeByReplacing() {
    return byReplacing;
  }

  /** Whether some text leaf holds {@code ${}, so that resolving may change it. */
  boolean placeholders() {
    return placeholderLeaves > 0;
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
    boolean[] hiddenSegments = segments.hidden(names);
    boolean[] hidden = new boolean[keys.length];
    String[] shown = null;
    for (int i = 0; i < keys.length; i++) {
      hidden[i] = hiddenSegments[leafSegments[i]];
      if (hidden[i]) {
        shown = shown == null ? texts.clone() : shown;
        shown[i] = SensitiveNames.MASK;
      }
    }
    Masked made = new Masked(names, hidden,
        shown == null ? plain : FrozenSortedMap.ofSorted(keys, shown, keys.length));
    lastMasked = made;
    return made;
  }

  /**
   * Whether any key of a dotted values path ({@code db.password}, {@code a["b.c"]}) is: the
   * runs of characters between {@code .}, {@code [}, {@code ]} and {@code "}. Keys repeat from
   * path to path, so each is asked once per masking ({@code known}). A path's runs are those of
   * its segments' texts (each segment begins at a separator or at the path's start, and a
   * bracketed one ends with {@code ]}), which is how {@link Segments} asks.
   */
  static boolean sensitivePath(String dotted, SensitiveNames names,
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
        String part = start == 0 && end == n ? dotted : dotted.substring(start, end);
        if (sensitive(part, names, known)) {
          return true;
        }
      }
      start = end;
    }
    return false;
  }

  private static boolean sensitive(String part, SensitiveNames names,
      Map<String, Boolean> known) {
    return sensitive(part, names, names.answers(), known);
  }

  private static boolean sensitive(String part, SensitiveNames names,
      SensitiveNames.Answers answers, Map<String, Boolean> known) {
    if (!answers.possible(part)) {
      return false; // without a look-up in either map
    }
    Boolean hidden = known.get(part);
    if (hidden == null) {
      hidden = names.matches(part, answers);
      known.put(part, hidden);
    }
    return hidden;
  }

  private static boolean separator(char c) {
    return c == '.' || c == '[' || c == ']' || c == '"';
  }

  private record Masked(SensitiveNames names, boolean[] hidden,
      SortedMap<String, String> texts) {}

  private record Hidden(SensitiveNames names, boolean[] hidden) {}

  /** The last leaves made of a values file's path; any thread may replace them. */
  private static final class Recent {
    private volatile ValueLeaves leaves;
  }

  /** One leaf as the walk meets it (the {@code at}-th), keyed with the file's prefix. */
  private record Leaf(String key, int segment, String text, boolean textual, int at) {}

  /**
   * The segments of the leaves' paths as a tree (each key or list index walked through, with
   * its parent), so that masking asks about each segment once instead of about every key of
   * every leaf's path. A segment's text is the key itself for a plain key (a run without
   * separators), else its bracketed form ({@code ["a.b"]}, {@code [3]}). Read only once built.
   */
  private static final class Segments {
    private int[] parents = new int[16];
    private String[] texts = new String[16];
    private boolean[] plain = new boolean[16];
    /** The key as written for a key's segment; null for a list item's. */
    private String[] rawKeys = new String[16];
    private int count;
    /** The last answer of {@link #hidden}: leaves of the same shape share their segments. */
    private volatile Hidden lastHidden;

    int add(int parent, String text, boolean plainKey, String rawKey) {
      if (count == parents.length) {
        parents = Arrays.copyOf(parents, count * 2);
        texts = Arrays.copyOf(texts, count * 2);
        plain = Arrays.copyOf(plain, count * 2);
        rawKeys = Arrays.copyOf(rawKeys, count * 2);
      }
      parents[count] = parent;
      texts[count] = text;
      plain[count] = plainKey;
      rawKeys[count] = rawKey;
      return count++;
    }

    /** Which segments lie under a sensitive key (never modified once returned). */
    boolean[] hidden(SensitiveNames names) {
      Hidden last = lastHidden;
      if (last != null && last.names.equals(names)) {
        return last.hidden;
      }
      boolean[] made = hiddenNew(names);
      lastHidden = new Hidden(names, made);
      return made;
    }

    // a parent comes before its children, so one pass in order settles every segment
    private boolean[] hiddenNew(SensitiveNames names) {
      Map<String, Boolean> known = new HashMap<>();
      SensitiveNames.Answers answers = names.answers();
      boolean[] hidden = new boolean[count];
      for (int s = 0; s < count; s++) {
        int parent = parents[s];
        hidden[s] = parent >= 0 && hidden[parent]
            || (plain[s] ? sensitive(texts[s], names, answers, known)
                : sensitivePath(texts[s], names, known));
      }
      return hidden;
    }
  }

  /**
   * The walk of one file's tree, leaves and segments in walk order; the paths it makes begin
   * with the file's prefix ({@code values.yaml:}). Single-use.
   */
  private static final class Walk {
    final Segments segments = new Segments();
    final String prefix;
    Leaf[] leaves = new Leaf[16];
    // each leaf's node and start (code points), and whether every leaf starts after the last:
    // what replaced() searches by start and confirms by identity
    Node[] nodes = new Node[16];
    int[] starts = new int[16];
    boolean ordered = true;
    int count;
    int placeholderLeaves;

    Walk(String prefix) {
      this.prefix = prefix;
    }

    // a structural level (the top, a top-level key, <key>.image): descends by HelmValues' rules
    void structural(List<String> keyPath, String dotted, int segment, Node node) {
      if (!(node instanceof MappingNode mapping)) {
        flatten(node, dotted, segment);
        return;
      }
      for (NodeTuple tuple : mapping.getValue()) {
        if (!EnvironmentModel.field(tuple)) {
          continue;
        }
        String key = EnvironmentModel.key(tuple);
        keyPath.add(key);
        if (HelmValues.owner(keyPath).isEmpty()) {
          boolean plainKey = Texts.plainSegment(key);
          String childPath = child(dotted, key, plainKey);
          int child = keySegment(segment, dotted, childPath, key, plainKey);
          if (HelmValues.structural(keyPath)) {
            structural(keyPath, childPath, child, tuple.getValueNode());
          } else {
            flatten(tuple.getValueNode(), childPath, child);
          }
        }
        keyPath.remove(keyPath.size() - 1);
      }
    }

    // as Texts.leaves: every leaf (scalar or empty container) under a node
    void flatten(Node node, String dotted, int segment) {
      if (node instanceof MappingNode mapping && EnvironmentModel.fields(mapping)) {
        for (NodeTuple tuple : mapping.getValue()) {
          if (EnvironmentModel.field(tuple)) {
            String key = EnvironmentModel.key(tuple);
            boolean plainKey = Texts.plainSegment(key);
            String childPath = child(dotted, key, plainKey);
            flatten(tuple.getValueNode(), childPath,
                keySegment(segment, dotted, childPath, key, plainKey));
          }
        }
      } else if (node instanceof SequenceNode list && !list.getValue().isEmpty()) {
        List<Node> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
          String childPath = Texts.index(dotted, i);
          flatten(items.get(i), childPath,
              segments.add(segment, childPath.substring(dotted.length()), false, null));
        }
      } else {
        leaf(dotted, segment, node);
      }
    }

    private int keySegment(int parent, String dotted, String childPath, String key,
        boolean plainKey) {
      return plainKey ? segments.add(parent, key, true, key)
          : segments.add(parent, childPath.substring(dotted.length()), false, key);
    }

    // as prefix + Texts.child(path, key), with dotted = prefix + path (the prefix is never
    // empty, so a key at the top is told by the path being the prefix alone)
    private String child(String dotted, String key, boolean plainKey) {
      if (!plainKey) {
        return Texts.child(dotted, key);
      }
      return dotted.length() == prefix.length() ? dotted.concat(key)
          : dotted + "." + key;
    }

    private void leaf(String dotted, int segment, Node node) {
      String text = shown(node);
      boolean isText = textual(node);
      if (isText && text.contains("${")) {
        placeholderLeaves++;
      }
      if (count == leaves.length) {
        leaves = Arrays.copyOf(leaves, count * 2);
        nodes = Arrays.copyOf(nodes, count * 2);
        starts = Arrays.copyOf(starts, count * 2);
      }
      int start = node.getStartMark().getIndex();
      ordered = ordered && (count == 0 || start > starts[count - 1]);
      leaves[count] = new Leaf(dotted, segment, text, isText, count);
      nodes[count] = node;
      starts[count] = start;
      count++;
    }
  }

  /** A leaf's text: a scalar's as written, {@code {}}, {@code []}, or Texts#leaf's null. */
  private static String shown(Node node) {
    if (node instanceof MappingNode) {
      return "{}";
    }
    if (node instanceof SequenceNode) {
      return "[]";
    }
    if (Tag.NULL.equals(node.getTag())) {
      return "null"; // as Texts.leaf shows Jackson's null
    }
    return ((ScalarNode) node).getValue();
  }

  /** Whether a leaf is a text (a scalar but a null), as its Jackson copy would be. */
  private static boolean textual(Node node) {
    return node instanceof ScalarNode && !Tag.NULL.equals(node.getTag());
  }

  /**
   * The walk of a tree (by {@link Walk}'s rules) checked against the segments and the leaves'
   * segments of an earlier walk, reading only the leaves' texts; the first difference stops it.
   * Single-use.
   */
  private static final class ShapeWalk {
    private final Segments segments;
    private final int[] walkSegments;
    final String[] texts;
    final boolean[] textual;
    /** The next segment and the next leaf expected. */
    int segment;
    int leaf;
    int placeholderLeaves;

    ShapeWalk(Segments segments, int[] walkSegments) {
      this.segments = segments;
      this.walkSegments = walkSegments;
      texts = new String[walkSegments.length];
      textual = new boolean[walkSegments.length];
    }

    // as Walk.structural; false at the first difference
    boolean structural(List<String> keyPath, int at, Node node) {
      if (!(node instanceof MappingNode mapping)) {
        return flatten(node, at);
      }
      for (NodeTuple tuple : mapping.getValue()) {
        if (!EnvironmentModel.field(tuple)) {
          continue;
        }
        String key = EnvironmentModel.key(tuple);
        keyPath.add(key);
        if (HelmValues.owner(keyPath).isEmpty()) {
          int child = key(at, key);
          if (child < 0 || !(HelmValues.structural(keyPath)
              ? structural(keyPath, child, tuple.getValueNode())
              : flatten(tuple.getValueNode(), child))) {
            return false;
          }
        }
        keyPath.remove(keyPath.size() - 1);
      }
      return true;
    }

    // as Walk.flatten; false at the first difference
    boolean flatten(Node node, int at) {
      if (node instanceof MappingNode mapping && EnvironmentModel.fields(mapping)) {
        for (NodeTuple tuple : mapping.getValue()) {
          if (EnvironmentModel.field(tuple)) {
            int child = key(at, EnvironmentModel.key(tuple));
            if (child < 0 || !flatten(tuple.getValueNode(), child)) {
              return false;
            }
          }
        }
        return true;
      }
      if (node instanceof SequenceNode list && !list.getValue().isEmpty()) {
        for (Node item : list.getValue()) {
          int child = item(at);
          if (child < 0 || !flatten(item, child)) {
            return false;
          }
        }
        return true;
      }
      if (leaf >= walkSegments.length || walkSegments[leaf] != at) {
        return false;
      }
      String text = shown(node);
      boolean isText = ValueLeaves.textual(node);
      texts[leaf] = text;
      textual[leaf] = isText;
      if (isText && text.contains("${")) {
        placeholderLeaves++;
      }
      leaf++;
      return true;
    }

    // the next segment when it is the key's under the same parent, else -1
    private int key(int parent, String key) {
      int s = segment;
      if (s >= segments.count || segments.parents[s] != parent
          || !key.equals(segments.rawKeys[s])) {
        return -1;
      }
      segment++;
      return s;
    }

    // the next segment when it is a list item's under the same parent (the same index, since
    // every segment before it was the same), else -1
    private int item(int parent) {
      int s = segment;
      if (s >= segments.count || segments.parents[s] != parent || segments.rawKeys[s] != null) {
        return -1;
      }
      segment++;
      return s;
    }
  }
}
