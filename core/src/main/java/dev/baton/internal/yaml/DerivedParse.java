package dev.baton.internal.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * The parse of a text that differs from an already parsed file only inside single-line scalar
 * values, built from that file's trees instead of by SnakeYAML: the changed scalars are new
 * nodes, every node whose marks move (or that holds a new node) is a copy, and the rest are the
 * base's own nodes, shared (nothing modifies them). The result equals what {@link YamlFile#parse}
 * would build from the text (checked node for node, and refusal for refusal, by
 * {@code DerivedParseProperties}); {@link #derive} answers null whenever that is not certain, and
 * the caller parses the text from scratch.
 *
 * <p>A change is taken only when all of this holds, else nothing is derived. The base has no
 * anchor, alias or tag anywhere and was parsed with the same limits; the texts have the same
 * lines with the same line breaks. On each line that differs, the base's last node starting on
 * it is a scalar value (not a key) of a block mapping or block sequence, plain, single- or
 * double-quoted, on one line, not the first thing on its line, followed by nothing but spaces
 * and a comment (separated by a space); the new line is the old one with only that scalar's
 * text replaced, by a scalar of the same style written in a conservative subset: a plain one
 * starting with a letter, a digit or one of {@code ._/+~$(} (or {@code -} before a non-space),
 * without tabs, {@code ": "}, {@code " #"} or a trailing {@code :} or space; a quoted one
 * without tabs, escapes or inner quotes (a single-quoted one may double its quote). None of
 * them may hold SnakeYAML's other line breaks (NEL, LS, PS), a byte-order mark or anything its
 * reader refuses. Such a token is scanned alone, whatever follows it on later lines, and changes
 * no other token: the other tokens, the events and the checks of the limits are those of the
 * base, at positions shifted by the change in length.
 *
 * <p>Cost: one comparison of the texts line by line; per changed line, binary searches down the
 * trees for its node (a walk over every node only when the base's text holds a {@code !}, to
 * look for tags); then one copy that visits the nodes after the first change in length, and
 * before it only the changed scalars' ancestors and their children, skipping runs of untouched
 * siblings by a binary search. The base's block-end table is shared unless a block collection
 * moves. Not thread-safe; one per derivation.
 */
final class DerivedParse {
  private static final int[] NO_BUFFER = new int[0];

  private final YamlFile base;
  private final String text;
  private final PlainResolver resolver;
  // the resolver's answers for the new scalars that take regular expressions: a values file's
  // keys and values repeat, and each regular expression costs more than a look-up
  // (PlainResolver#scalar)
  private final Map<String, Tag> tags = new HashMap<>();
  // the changed lines, in order: char offsets of each line in the base text and in the new text
  private final List<int[]> lines = new ArrayList<>();
  // per changed line: the scalar found on it, in the base
  private ScalarNode[] found;
  private boolean refused;
  // per changed line, in order: the old scalar's end (code points), the change in length
  // (code points), its line as SnakeYAML counts lines, and the sum of the changes before it
  private int[] oldEnd;
  private int[] delta;
  private int[] line;
  private int[] before;
  private String[] values;
  // the base's scalars replaced and their replacements, as the copy makes them (text order):
  // YamlFile#derivation names them, so that what is computed from the base's nodes (the value
  // leaves) is made again by replacing only these
  private final List<ScalarNode> replaced = new ArrayList<>();
  private final List<ScalarNode> replacements = new ArrayList<>();
  // the base's table until an entry moves, then a copy (see moveBlockEnd)
  private Map<Mark, Integer> blockEnds;
  // where the last look-ups by position ended: the walks go through positions in order
  private int lineCursor;
  private int changeCursor;

  private DerivedParse(YamlFile base, String text, PlainResolver resolver) {
    this.base = base;
    this.text = text;
    this.resolver = resolver;
  }

  /**
   * The parse of {@code text} derived from {@code base}, or null when it cannot be derived with
   * certainty (the caller then parses). The caller has already checked {@code text} against
   * {@code limits.maxBytes()}.
   */
  static YamlFile derive(YamlFile base, String path, String text, YamlLimits limits,
      PlainResolver resolver) {
    if (!base.limits().equals(limits) || base.hasAnyAnchorOrAlias()) {
      return null;
    }
    DerivedParse derivation = new DerivedParse(base, text, resolver);
    return derivation.run(path);
  }

  private YamlFile run(String path) {
    if (!diffLines()) {
      return null;
    }
    found = new ScalarNode[lines.size()];
    if (base.text().indexOf('!') < 0) {
      // no tag anywhere: each changed line's node is found by a search down the trees
      for (int i = 0; i < found.length; i++) {
        found[i] = lastOnLine(i);
      }
    } else {
      for (Node root : base.documents()) {
        if (root != null) {
          find(root, null, false);
          if (refused) {
            return null;
          }
        }
      }
    }
    int n = lines.size();
    oldEnd = new int[n];
    delta = new int[n];
    line = new int[n];
    before = new int[n + 1];
    values = new String[n];
    for (int i = 0; i < n; i++) {
      if (!change(i)) {
        return null;
      }
      before[i + 1] = before[i] + delta[i];
    }
    blockEnds = base.blockEnds();
    List<Node> documents = new ArrayList<>(base.documents().size());
    for (Node root : base.documents()) {
      documents.add(root == null ? null : copy(root));
    }
    return YamlFile.fromDerivation(path, text, base, documents, blockEnds, replaced,
        replacements);
  }

  // the lines that differ (same count, same line breaks), or false
  private boolean diffLines() {
    String old = base.text();
    boolean crOld = old.indexOf('\r') >= 0;
    boolean crNew = text.indexOf('\r') >= 0;
    int io = 0;
    int in = 0;
    int count = 0;
    while (true) {
      int eo = lineEnd(old, io, crOld);
      int en = lineEnd(text, in, crNew);
      if (eo - io != en - in || !old.regionMatches(io, text, in, eo - io)) {
        lines.add(new int[] {io, eo, in, en});
      }
      count++;
      int bo = breakLength(old, eo);
      int bn = breakLength(text, en);
      if (bo != bn || (bo > 0 && old.charAt(eo) != text.charAt(en))) {
        return false;
      }
      if (bo == 0) {
        break;
      }
      io = eo + bo;
      in = en + bn;
      // most lines changed: not an edit of values, and not worth the try
      if (lines.size() > 8 && lines.size() * 2 > count + 16) {
        return false;
      }
    }
    return true;
  }

  // records, per changed line, the last node starting on it if that is a block scalar value
  private void find(Node node, Node parent, boolean key) {
    int start = base.charOffset(node.getStartMark().getIndex());
    if (start < base.text().length() && base.text().charAt(start) == '!') {
      // a tag: a copy could not tell whether it was resolved
      refused = true;
      return;
    }
    int i = changedLine(start);
    if (i >= 0) {
      // a key, a collection or a scalar in a flow collection last on a changed line: refused
      boolean value = node instanceof ScalarNode && !key && YamlFile.isBlockCollection(parent);
      found[i] = value ? (ScalarNode) node : null;
    }
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        find(tuple.getKeyNode(), node, true);
        find(tuple.getValueNode(), node, false);
        if (refused) {
          return;
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        find(item, node, false);
        if (refused) {
          return;
        }
      }
    }
  }

  // what find records for changed line i, without walking every node: the last node in the
  // walk's order (pre-order, keys before values) starting at or before the line's end is found
  // by binary searches down the trees, since siblings start in order and every node starts
  // within its parent's marks; it counts if it starts on the line
  private ScalarNode lastOnLine(int i) {
    int[] l = lines.get(i);
    List<Node> documents = base.documents();
    Node node = null;
    for (int d = documents.size() - 1; d >= 0 && node == null; d--) {
      Node root = documents.get(d);
      if (root != null && startChar(root) <= l[1]) {
        node = root;
      }
    }
    if (node == null) {
      return null;
    }
    Node parent = null;
    boolean key = false;
    while (node instanceof CollectionNode) {
      boolean mapping = node instanceof MappingNode;
      List<?> children = ((CollectionNode<?>) node).getValue();
      int lo = 0;
      int hi = mapping ? 2 * children.size() : children.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (startChar(child(children, mid, mapping)) <= l[1]) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == 0) {
        break;
      }
      parent = node;
      key = mapping && (lo - 1) % 2 == 0;
      node = child(children, lo - 1, mapping);
    }
    boolean value = node instanceof ScalarNode && !key && YamlFile.isBlockCollection(parent);
    return value && startChar(node) >= l[0] ? (ScalarNode) node : null;
  }

  // a collection's p-th child in the walk's order (a mapping's keys and values alternate)
  private static Node child(List<?> children, int p, boolean mapping) {
    if (!mapping) {
      return (Node) children.get(p);
    }
    NodeTuple tuple = (NodeTuple) children.get(p >>> 1);
    return (p & 1) == 0 ? tuple.getKeyNode() : tuple.getValueNode();
  }

  private int startChar(Node node) {
    return base.charOffset(node.getStartMark().getIndex());
  }

  // the changed line holding the base's char offset, or -1 (from where the last one ended:
  // the walk asks in the order of the text)
  private int changedLine(int offset) {
    int i = lineCursor;
    while (i > 0 && offset < lines.get(i)[0]) {
      i--;
    }
    while (i < lines.size() && offset > lines.get(i)[1]) {
      i++;
    }
    lineCursor = Math.min(i, Math.max(lines.size() - 1, 0));
    return i < lines.size() && offset >= lines.get(i)[0] ? i : -1;
  }

  // checks the change on changed line i and makes its new scalar
  private boolean change(int i) {
    ScalarNode old = found[i];
    if (old == null) {
      return false;
    }
    Mark start = old.getStartMark();
    Mark end = old.getEndMark();
    DumperOptions.ScalarStyle style = old.getScalarStyle();
    if (start.getLine() != end.getLine() || end.getIndex() <= start.getIndex()
        || (style != DumperOptions.ScalarStyle.PLAIN
            && style != DumperOptions.ScalarStyle.SINGLE_QUOTED
            && style != DumperOptions.ScalarStyle.DOUBLE_QUOTED)) {
      return false;
    }
    int[] l = lines.get(i);
    String oldText = base.text();
    int from = base.charOffset(start.getIndex());
    int to = base.charOffset(end.getIndex());
    if (from < l[0] || to > l[1] || !hasContent(oldText, l[0], from)
        || !onlyComment(oldText, to, l[1]) || breaksLine(oldText, l[0], l[1])) {
      return false;
    }
    int prefix = from - l[0];
    int suffix = l[1] - to;
    if (l[3] - l[2] < prefix + suffix
        || !text.regionMatches(l[2], oldText, l[0], prefix)
        || !text.regionMatches(l[3] - suffix, oldText, to, suffix)) {
      return false;
    }
    String written = text.substring(l[2] + prefix, l[3] - suffix);
    String value = switch (style) {
      case PLAIN -> plain(written);
      case SINGLE_QUOTED -> singleQuoted(written);
      default -> doubleQuoted(written);
    };
    if (value == null) {
      return false;
    }
    values[i] = value;
    oldEnd[i] = end.getIndex();
    delta[i] = written.codePointCount(0, written.length()) - (end.getIndex() - start.getIndex());
    line[i] = start.getLine();
    return true;
  }

  private Node copy(Node node) {
    ScalarNode old = node instanceof ScalarNode s ? s : null;
    Mark startMark = node.getStartMark();
    Mark endMark = node.getEndMark();
    int k = changesBeforeInOrder(startMark.getIndex());
    if (old != null && k < found.length && found[k] == node) {
      // whatever the walk meets next starts after this change's end
      changeCursor = k + 1;
      return replace(old, k);
    }
    // no change ends inside the node, none before it moved anything, none on its line
    boolean untouched = k == oldEnd.length || oldEnd[k] > endMark.getIndex();
    if (untouched && before[k] == 0
        && (k == 0 || delta[k - 1] == 0 || startMark.getLine() != line[k - 1])) {
      return node;
    }
    Mark start = shift(startMark, k);
    if (old != null) {
      return new ScalarNode(old.getTag(), true, old.getValue(), start,
          shift(endMark, changesBefore(k, endMark.getIndex())), old.getScalarStyle());
    }
    CollectionNode<?> collection = (CollectionNode<?>) node;
    Node copied;
    if (node instanceof MappingNode mapping) {
      List<NodeTuple> source = mapping.getValue();
      List<NodeTuple> tuples = new ArrayList<>(source.size());
      for (int t = 0; t < source.size(); ) {
        int quiet = untouchedUntil(source, t, true);
        if (quiet > t) {
          tuples.addAll(source.subList(t, quiet));
          t = quiet;
          continue;
        }
        NodeTuple tuple = source.get(t++);
        Node key = copy(tuple.getKeyNode());
        Node value = copy(tuple.getValueNode());
        tuples.add(key == tuple.getKeyNode() && value == tuple.getValueNode() ? tuple
            : new NodeTuple(key, value));
      }
      // the children moved the cursor on to their starts: the end lies after them
      Mark end = shift(endMark, changesBefore(changeCursor, endMark.getIndex()));
      MappingNode made = new MappingNode(node.getTag(), true, tuples, start, end,
          collection.getFlowStyle());
      made.setMerged(mapping.isMerged());
      copied = made;
    } else {
      List<Node> source = ((SequenceNode) node).getValue();
      List<Node> items = new ArrayList<>(source.size());
      for (int t = 0; t < source.size(); ) {
        int quiet = untouchedUntil(source, t, false);
        if (quiet > t) {
          items.addAll(source.subList(t, quiet));
          t = quiet;
          continue;
        }
        items.add(copy(source.get(t++)));
      }
      Mark end = shift(endMark, changesBefore(changeCursor, endMark.getIndex()));
      copied = new SequenceNode(node.getTag(), true, items, start, end,
          collection.getFlowStyle());
    }
    if (YamlFile.isBlockCollection(node)) {
      moveBlockEnd(startMark, start);
    }
    return copied;
  }

  // The end of the run of children from t on that copy would give back as they are, without
  // visiting them: with nothing moved so far (no change before the cursor moved anything, the
  // last one not even a column) every child ending before the next change's end is untouched.
  // Siblings end in order (each node's marks are those of its first and last events, and the
  // events come in the order of the text), so a binary search finds where the run ends. The
  // cursor may lag behind the children (it is where the last visited node started): then the
  // next change may already lie before them, no child ends before it, and the run is empty.
  private int untouchedUntil(List<?> children, int t, boolean mapping) {
    int k = changeCursor;
    if (before[k] != 0 || (k > 0 && delta[k - 1] != 0)) {
      return t;
    }
    int limit = k == oldEnd.length ? Integer.MAX_VALUE : oldEnd[k];
    if (endOf(children.get(t), mapping) >= limit) {
      return t;
    }
    // usually the next change lies past the collection (a values file's section holds one):
    // then its last child ends before it, and so does every child, without a search among
    // nodes the copy never otherwise touches
    int last = children.size() - 1;
    if (endOf(children.get(last), mapping) < limit) {
      return last + 1;
    }
    int lo = t + 1;
    int hi = last;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (endOf(children.get(mid), mapping) < limit) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // a child's end mark (code points): a mapping's entry ends with its value
  private static int endOf(Object child, boolean mapping) {
    Node node = mapping ? ((NodeTuple) child).getValueNode() : (Node) child;
    return node.getEndMark().getIndex();
  }

  // keeps a copied block collection's content end under its new start mark, shifted; the
  // base's table is copied on the first entry that moves
  private void moveBlockEnd(Mark oldStart, Mark newStart) {
    Integer blockEnd = blockEnds.get(oldStart);
    if (blockEnd == null) {
      return;
    }
    int moved = blockEnd + before[changesBefore(changeCursor, blockEnd)];
    if (newStart == oldStart && moved == blockEnd) {
      return;
    }
    if (blockEnds == base.blockEnds()) {
      blockEnds = new IdentityHashMap<>(blockEnds);
    }
    blockEnds.remove(oldStart);
    blockEnds.put(newStart, moved);
  }

  // the new scalar of changed line i: tagged as NodeBuilder tags a scalar without a tag
  private ScalarNode replace(ScalarNode old, int i) {
    DumperOptions.ScalarStyle style = old.getScalarStyle();
    boolean plain = style == DumperOptions.ScalarStyle.PLAIN;
    // i changes end before its start, and its own end is the (i + 1)-th
    ScalarNode made = new ScalarNode(resolver.scalar(values[i], plain, tags), true,
        values[i], shift(old.getStartMark(), i), shift(old.getEndMark(), i + 1), style);
    replaced.add(old);
    replacements.add(made);
    return made;
  }

  // changesBefore, from where the last one ended (the copy asks for start marks in order)
  private int changesBeforeInOrder(int index) {
    int k = changesBefore(changeCursor, index);
    changeCursor = k;
    return k;
  }

  // how many changes end at or before a code point index (so moved it), counted from a guess
  // (the walk's positions are near each other and in order, so a step or two)
  private int changesBefore(int guess, int index) {
    int k = guess;
    while (k > 0 && oldEnd[k - 1] > index) {
      k--;
    }
    while (k < oldEnd.length && oldEnd[k] <= index) {
      k++;
    }
    return k;
  }

  // where a fresh parse puts the same mark, k changes ending at or before it: later by those
  // changes, and on the line of the last of them, after it, a column further by that change
  private Mark shift(Mark mark, int k) {
    if (k == 0) {
      return mark;
    }
    int index = mark.getIndex() + before[k];
    int column = mark.getColumn() + (mark.getLine() == line[k - 1] ? delta[k - 1] : 0);
    if (index == mark.getIndex() && column == mark.getColumn()) {
      return mark;
    }
    return new Mark(mark.getName(), index, mark.getLine(), column, NO_BUFFER, 0);
  }

  /** The value of a plain scalar written alone on its line in block context, or null. */
  static String plain(String written) {
    if (written.isEmpty() || !printable(written)) {
      return null;
    }
    char first = written.charAt(0);
    boolean starts = Character.isLetterOrDigit(written.codePointAt(0))
        || "._/+~$(".indexOf(first) >= 0
        || (first == '-' && written.length() > 1 && written.charAt(1) != ' ');
    if (!starts || written.charAt(written.length() - 1) == ' ') {
      return null;
    }
    for (int i = 0; i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == ':' && (i + 1 == written.length() || written.charAt(i + 1) == ' ')) {
        return null;
      }
      if (c == '#' && written.charAt(i - 1) == ' ') {
        return null;
      }
    }
    return written;
  }

  /** The value of a single-quoted scalar on one line, or null. */
  static String singleQuoted(String written) {
    int n = written.length();
    if (n < 2 || written.charAt(0) != '\'' || written.charAt(n - 1) != '\''
        || !printable(written)) {
      return null;
    }
    StringBuilder value = new StringBuilder(n);
    for (int i = 1; i < n - 1; i++) {
      char c = written.charAt(i);
      if (c == '\'') {
        if (i + 1 >= n - 1 || written.charAt(i + 1) != '\'') {
          return null;
        }
        i++;
      }
      value.append(c);
    }
    return value.toString();
  }

  /** The value of a double-quoted scalar on one line without escapes, or null. */
  static String doubleQuoted(String written) {
    int n = written.length();
    if (n < 2 || written.charAt(0) != '"' || written.charAt(n - 1) != '"'
        || !printable(written)) {
      return null;
    }
    String value = written.substring(1, n - 1);
    return value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 ? null : value;
  }

  // what SnakeYAML's reader accepts, less tabs, its extra line breaks and byte-order marks
  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!StreamReader.isPrintable(cp) || cp == '\t' || cp == '\n' || cp == '\r'
          || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static boolean hasContent(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != ' ' && s.charAt(i) != '\t') {
        return true;
      }
    }
    return false;
  }

  // nothing, or spaces then nothing or a comment
  private static boolean onlyComment(String s, int from, int to) {
    if (from == to) {
      return true;
    }
    if (s.charAt(from) != ' ') {
      return false;
    }
    int i = from;
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    return i == to || s.charAt(i) == '#';
  }

  // whether SnakeYAML sees a line break inside what is one line here
  private static boolean breaksLine(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == 0x85 || c == 0x2028 || c == 0x2029) {
        return true;
      }
    }
    return false;
  }

  private static int lineEnd(String s, int from, boolean cr) {
    if (!cr) {
      int lf = s.indexOf('\n', from);
      return lf < 0 ? s.length() : lf;
    }
    int i = from;
    while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  private static int breakLength(String s, int at) {
    if (at >= s.length()) {
      return 0;
    }
    return s.charAt(at) == '\r' && at + 1 < s.length() && s.charAt(at + 1) == '\n' ? 2 : 1;
  }
}
