package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * One YAML file parsed into SnakeYAML node trees that keep their positions, so that
 * {@link YamlEditor} can change single values without touching any other byte. Not public API.
 *
 * <p>Parsing refuses, as {@link ErrorCode#MALFORMED_DOCUMENT} with a {@code path:line: problem}
 * message: syntax errors, a key twice in one mapping, tags other than the standard
 * {@code tag:yaml.org,2002:} scalar and collection tags, recursive aliases, and nesting deeper
 * than {@link YamlLimits#maxDepth()}. A text over {@link YamlLimits#maxBytes()}, with more than
 * {@link YamlLimits#maxKeys()} keys in one document, or whose aliases expand to more than
 * {@code maxKeys} extra nodes is {@link ErrorCode#DOCUMENT_TOO_LARGE}. Anchors and aliases are
 * allowed; a node reachable through an alias is {@link #shared}.
 *
 * <p>Positions ({@link #start}, {@link #end}) are Java {@code char} offsets into {@link #text()};
 * SnakeYAML counts code points, which differ after any character outside the BMP.
 *
 * <p>Parses are cached by content ({@link ContentCache}: the text and the limits, at most 1,024
 * files and 8 Mi characters): parsing the same text again returns the same nodes, under the path
 * it is asked for. That is why nothing may modify them. A text not in the cache that differs
 * from the last file parsed under the same file name (the path's last segment) only inside
 * single-line scalar values may be built from that file's trees instead ({@link DerivedParse}:
 * new nodes for the changed scalars and for every node whose position moves, the rest shared),
 * exactly as SnakeYAML would have built it. Only where every condition {@link DerivedParse}
 * lists holds (among them: no anchors, aliases or tags in that file, the same limits, a file of
 * at most 256 Ki characters, each changed value of the same quoting and not first on its line);
 * anything else is parsed from scratch. Those last files are kept apart from the parse cache,
 * at most 32 of them.
 *
 * <p>Immutable and thread-safe after {@link #parse}; the nodes it hands out must not be modified.
 */
public final class YamlFile {
  // Parsing is a pure function of the text and the limits (the path only names the file in
  // refusals, which are never cached): a file read again, by the planner, the snapshots or the
  // masking, is parsed once.
  private static final ContentCache<Key, YamlFile> PARSED = new ContentCache<>(1024, 8L << 20);
  // read-only once built (its tables are filled by the constructor), so one serves every parse
  private static final PlainResolver RESOLVER = new PlainResolver();
  // The last file parsed under each file name (the path's last segment), a base from which
  // DerivedParse may derive the next text parsed under that name (a new version of a values
  // file, or another environment's copy of it). A ContentCache, so that clearAll forgets them
  // too; its slots are written here only. Files over RECENT_CHARS are not kept.
  private static final ContentCache<String, Recent> RECENT = new ContentCache<>(32, 32);
  private static final int RECENT_CHARS = 1 << 18;

  private final String path;
  private final String text;
  private final YamlLimits limits;
  private final List<Node> documents;
  // code point index -> char index; null when the text has no supplementary characters
  private final int[] charIndex;
  private final Map<Mark, Integer> blockEnds;
  // each node's parent and the nodes in flow collections: built when an edit first asks, and
  // shared with the same parse under another name
  private final Links links;
  private final Set<Node> shared;
  private final List<CheckingParser.AnchorUse> anchors;
  private final List<Integer> aliasStarts;
  // without a flow collection no node is inside one, and editing needs no links to know it
  private final boolean flow;
  // what DerivedParse replaced to make this parse from another; null for any other parse
  private final Derivation derivation;
  // the last value another package derived from this parse (see derived), with its key
  private volatile Derived derived;

  private YamlFile(String path, String text, YamlLimits limits, CheckingParser parser,
      List<Node> documents) {
    this.path = path;
    this.text = text;
    this.limits = limits;
    this.documents = Collections.unmodifiableList(documents);
    this.charIndex = codePointToChar(text);
    this.blockEnds = parser.blockEnds();
    this.anchors = List.copyOf(parser.anchors());
    this.aliasStarts = List.copyOf(parser.aliasStarts());
    this.flow = parser.sawFlow();
    this.derivation = null;
    this.links = new Links();
    // without an alias nothing is shared: no identity table for a small file's every parse
    this.shared = aliasStarts.isEmpty() ? Collections.emptySet()
        : Collections.newSetFromMap(new IdentityHashMap<>());
  }

  // the parse derived from base (see DerivedParse): its documents and block ends, no anchors
  private YamlFile(String path, String text, YamlFile base, List<Node> documents,
      Map<Mark, Integer> blockEnds, List<ScalarNode> replaced, List<ScalarNode> replacements) {
    this.path = path;
    this.text = text;
    this.limits = base.limits;
    this.documents = Collections.unmodifiableList(documents);
    this.charIndex = codePointToChar(text);
    this.blockEnds = blockEnds;
    this.anchors = List.of();
    this.aliasStarts = List.of();
    this.flow = base.flow;
    this.derivation = new Derivation(base, replaced, replacements);
    this.links = new Links();
    this.shared = Collections.emptySet();
  }

  // the same parse under another name: everything but the path is shared, never modified
  private YamlFile(YamlFile parsed, String path) {
    this.path = path;
    this.text = parsed.text;
    this.limits = parsed.limits;
    this.documents = parsed.documents;
    this.charIndex = parsed.charIndex;
    this.blockEnds = parsed.blockEnds;
    this.links = parsed.links;
    this.shared = parsed.shared;
    this.anchors = parsed.anchors;
    this.aliasStarts = parsed.aliasStarts;
    this.flow = parsed.flow;
    this.derivation = parsed.derivation;
  }

  /**
   * Parses every document of {@code text}.
   *
   * @param path names the file in error messages
   * @throws BatonException MALFORMED_DOCUMENT or DOCUMENT_TOO_LARGE as described on the class
   */
  public static YamlFile parse(String path, String text, YamlLimits limits) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(limits, "limits");
    YamlFile parsed = PARSED.get(new Key(text, limits), text.length(),
        () -> parseNew(path, text, limits));
    return parsed.path.equals(path) ? parsed : new YamlFile(parsed, path);
  }

  private static YamlFile parseNew(String path, String text, YamlLimits limits) {
    checkSize(path, text, limits);
    Recent recent = text.length() <= RECENT_CHARS
        ? RECENT.get(fileName(path), 1, Recent::new) : null;
    YamlFile base = recent == null ? null : recent.file;
    if (base != null) {
      YamlFile derived = DerivedParse.derive(base, path, text, limits, RESOLVER);
      if (derived != null) {
        recent.file = derived;
        return derived;
      }
    }
    YamlFile file = parseFull(path, text, limits);
    if (recent != null) {
      recent.file = file;
    }
    return file;
  }

  /** The parse of {@link #parse}, from scratch: no cache, no derivation (for tests). */
  static YamlFile parseFresh(String path, String text, YamlLimits limits) {
    checkSize(path, text, limits);
    return parseFull(path, text, limits);
  }

  static void checkSize(String path, String text, YamlLimits limits) {
    // a char is at most 3 bytes in UTF-8 (a surrogate pair 4 for its two), so a text of at
    // most a third of the limit in chars is within it without counting (a 5,000-line values
    // file is about a seventh of the default limit)
    if (3L * text.length() <= limits.maxBytes()) {
      return;
    }
    long bytes = utf8Length(text);
    if (bytes > limits.maxBytes()) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, where(path, 0) + "is " + bytes
          + " bytes, more than the limit of " + limits.maxBytes() + " bytes");
    }
  }

  // SnakeYAML's parse of a text within maxBytes, checked
  private static YamlFile parseFull(String path, String text, YamlLimits limits) {
    // recursive aliases and nesting depth are checked by CheckingParser and duplicate keys by
    // NodeBuilder (or, with aliases, TreeIndex): SnakeYAML's options for them belong to its
    // composer and constructor, which are not used here
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Math.max(limits.maxBytes(), 1) + 1);
    options.setProcessComments(false);
    CheckingParser parser = new CheckingParser(
        new ParserImpl(new StreamReader(text), options), path, limits);
    NodeBuilder builder = new NodeBuilder(parser, RESOLVER, options);
    List<Node> documents;
    try {
      documents = builder.documents();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw malformed(path, mark == null ? 0 : mark.getLine() + 1,
          "is not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem()
              : e.getMessage()), e);
    } catch (YAMLException e) {
      throw malformed(path, 0, "is not valid YAML: " + firstLine(e.getMessage()), e);
    }
    ScalarNode duplicate = builder.firstDuplicate();
    if (duplicate != null) {
      throw malformed(path, duplicate.getStartMark().getLine() + 1,
          "has the key '" + duplicate.getValue() + "' twice in one mapping");
    }
    for (int i = 0; i < documents.size(); i++) {
      Node root = documents.get(i);
      if (root instanceof ScalarNode scalar && scalar.isPlain() && scalar.getValue().isEmpty()) {
        documents.set(i, null);
      }
    }
    if (documents.isEmpty()) {
      documents.add(null);
    }
    YamlFile file = new YamlFile(path, text, limits, parser, documents);
    if (file.hasAliases()) {
      // which nodes an alias shares, and how far aliases expand (no alias: nothing is shared)
      TreeIndex.check(file, path, limits, documents, file.shared, true);
    }
    return file;
  }

  /** The path given to {@link #parse}. */
  public String path() {
    return path;
  }

  /** The whole text as given to {@link #parse}. */
  public String text() {
    return text;
  }

  /** The limits this file was parsed with. */
  public YamlLimits limits() {
    return limits;
  }

  /** The root node of each document, in order (a null entry for an empty document). */
  public List<Node> documents() {
    return documents;
  }

  /** 1-based line of a node's start. */
  public int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /**
   * Whether the node is reachable by more than one path (it carries an anchor some alias refers
   * to, or it lies inside such a node), so editing it would change several places.
   */
  public boolean shared(Node node) {
    return shared.contains(node);
  }

  /**
   * Char offset where the node's text begins, after any anchor or tag written before it. For an
   * aliased node this is where its anchor defines it.
   */
  public int start(Node node) {
    int raw = charAt(node.getStartMark().getIndex());
    return Math.min(skipProperties(raw), rawEnd(node));
  }

  /**
   * Char offset just after the node's text: for a block collection the end of its last value
   * (not the next token, which SnakeYAML reports), for a block scalar the end of its last
   * non-blank line, so the line break after it is outside.
   */
  public int end(Node node) {
    int start = start(node);
    int end = rawEnd(node);
    int raw = end;
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    // a block scalar ends after line breaks; spaces ending its last line are still content
    String trimmed = text.substring(end, raw);
    if (trimmed.indexOf('\n') >= 0 || trimmed.indexOf('\r') >= 0) {
      while (end < raw && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
        end++;
      }
    }
    return end;
  }

  /**
   * The value of a key in a mapping node (scalar keys compared by their value), or empty when
   * node is not a mapping or lacks the key. Merge keys ({@code <<}) are not followed.
   */
  public static Optional<Node> get(Node mapping, String key) {
    return entry(mapping, key).map(NodeTuple::getValueNode);
  }

  /** The scalar's value, or empty when the node is not a scalar. */
  public static Optional<String> scalar(Node node) {
    return node instanceof ScalarNode ? Optional.of(((ScalarNode) node).getValue())
        : Optional.empty();
  }

  /**
   * The node as plain Java for JSONPath evaluation: {@code LinkedHashMap<String,Object>},
   * {@code ArrayList<Object>}, String, Long, Double, Boolean or null. Scalars are typed by
   * SnakeYAML's implicit resolver (YAML 1.1 rules); quoted scalars are always String;
   * timestamps stay the String written; integers beyond long become Double. Aliases are
   * expanded; merge keys are kept as an ordinary {@code <<} key.
   */
  public static Object toJava(Node node) {
    return PlainJava.of(node);
  }

  static Optional<NodeTuple> entry(Node mapping, String key) {
    if (!(mapping instanceof MappingNode)) {
      return Optional.empty();
    }
    for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode
          && ((ScalarNode) tuple.getKeyNode()).getValue().equals(key)) {
        return Optional.of(tuple);
      }
    }
    return Optional.empty();
  }

  /** Whether any alias is written in the file (so some node may be reached by two paths). */
  boolean hasAliases() {
    return !aliasStarts.isEmpty();
  }

  /** The collection holding the node (first path if shared), or null for a document root. */
  Node parent(Node node) {
    return linked().parents().get(node);
  }

  /** Whether the node lies inside a flow collection, where {@code ,[]{}} end a plain scalar. */
  boolean inFlow(Node node) {
    return flow && linked().inFlow().contains(node);
  }

  static boolean isFlow(Node node) {
    return node instanceof CollectionNode
        && ((CollectionNode<?>) node).getFlowStyle() == DumperOptions.FlowStyle.FLOW;
  }

  static boolean isBlockCollection(Node node) {
    return node instanceof CollectionNode && !isFlow(node);
  }

  /** The key node whose value this node is, or null. */
  Node keyOf(Node value) {
    Node parent = parent(value);
    if (parent instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) parent).getValue()) {
        if (tuple.getValueNode() == value) {
          return tuple.getKeyNode();
        }
      }
    }
    return null;
  }

  /** The line break this file uses: CRLF when its first line break is one. */
  String newline() {
    int lf = text.indexOf('\n');
    return lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
  }

  int lineStart(int index) {
    int i = index;
    while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
      i--;
    }
    return i;
  }

  /** Offset of the line break ending the line that holds {@code index}, or the text length. */
  int lineEnd(int index) {
    int i = index;
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  int column(int index) {
    return index - lineStart(index);
  }

  /** Spaces that begin the line holding {@code index}. */
  int lineIndent(int index) {
    int start = lineStart(index);
    int i = start;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i - start;
  }

  /** Whether only spaces (or tabs) precede {@code index} on its line. */
  boolean firstOnLine(int index) {
    for (int i = lineStart(index); i < index; i++) {
      if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Whether an anchor or alias is written within [start, end). */
  boolean hasAnchorsOrAliases(int start, int end) {
    for (CheckingParser.AnchorUse use : anchors) {
      if (within(charAt(use.start()), start, end)) {
        return true;
      }
    }
    for (int alias : aliasStarts) {
      if (within(charAt(alias), start, end)) {
        return true;
      }
    }
    return false;
  }

  /** An anchor defined within [start, end) that an alias outside it refers to, if any. */
  Optional<String> anchorUsedOutside(int start, int end) {
    for (CheckingParser.AnchorUse use : anchors) {
      if (within(charAt(use.start()), start, end)) {
        for (int alias : use.aliases()) {
          if (!within(charAt(alias), start, end)) {
            return Optional.of(use.name());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the file has any anchor or alias. */
  boolean hasAnyAnchorOrAlias() {
    return !anchors.isEmpty() || !aliasStarts.isEmpty();
  }

  /** Content end (code points) of each block collection by its start mark; never modified. */
  Map<Mark, Integer> blockEnds() {
    return blockEnds;
  }

  /** The char offset of a code point offset into {@link #text()}. */
  int charOffset(int codePoint) {
    return charAt(codePoint);
  }

  /**
   * The file {@link DerivedParse} derived from {@code base}, replacing {@code replaced} (the
   * base's scalars, in the order of the text) by {@code replacements}.
   */
  static YamlFile fromDerivation(String path, String text, YamlFile base, List<Node> documents,
      Map<Mark, Integer> blockEnds, List<ScalarNode> replaced, List<ScalarNode> replacements) {
    return new YamlFile(path, text, base, documents, blockEnds, replaced, replacements);
  }

  /**
   * For a parse built from another by replacing single-line scalar values (see the class), what
   * it replaced; null for a parse made by SnakeYAML. Such a parse has its base's keys, shape and
   * documents: every node of it is the base's node at the same place, or a copy of it with the
   * same tag, value and style (its marks moved), except the replacements.
   */
  public Derivation derivation() {
    return derivation;
  }

  /**
   * The scalars a derived parse replaced in its base. The base is held weakly: a strong
   * reference would keep every earlier version of a file alive through its successor.
   */
  public static final class Derivation {
    private final WeakReference<YamlFile> base;
    private final List<ScalarNode> replaced;
    private final List<ScalarNode> replacements;

    private Derivation(YamlFile base, List<ScalarNode> replaced,
        List<ScalarNode> replacements) {
      this.base = new WeakReference<>(base);
      this.replaced = List.copyOf(replaced);
      this.replacements = List.copyOf(replacements);
    }

    /** The base's root of the document at {@code index}, or null (or collected). */
    public Node baseDocument(int index) {
      YamlFile file = base.get();
      return file == null || index >= file.documents.size() ? null : file.documents.get(index);
    }

    /** The base's scalars replaced, in the order of the text; never modified. */
    public List<ScalarNode> replaced() {
      return replaced;
    }

    /** The scalar that replaced each of {@link #replaced}, at the same index. */
    public List<ScalarNode> replacements() {
      return replacements;
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static BatonException malformed(String path, int line, String problem) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT, where(path, line) + problem);
  }

  static BatonException malformed(String path, int line, String problem, Throwable cause) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT, where(path, line) + problem, cause);
  }

  static String where(String path, int line) {
    return line > 0 ? path + ":" + line + ": " : path + ": ";
  }

  private int rawEnd(Node node) {
    Integer blockEnd = isBlockCollection(node) ? blockEnds.get(node.getStartMark()) : null;
    return charAt(blockEnd != null ? blockEnd : node.getEndMark().getIndex());
  }

  private int charAt(int codePoint) {
    return charIndex == null ? codePoint : charIndex[codePoint];
  }

  // skips '&anchor' and '!tag' properties (and what separates them from the node)
  private int skipProperties(int index) {
    int i = index;
    while (i < text.length() && (text.charAt(i) == '&' || text.charAt(i) == '!')) {
      while (i < text.length() && !isSpace(text.charAt(i))) {
        i++;
      }
      while (i < text.length() && (isSpace(text.charAt(i)) || text.charAt(i) == '#')) {
        if (text.charAt(i) == '#') {
          i = lineEnd(i);
        } else {
          i++;
        }
      }
    }
    return i;
  }

  private Links.Made linked() {
    Links.Made made = links.made;
    if (made == null) {
      synchronized (links) {
        made = links.made;
        if (made == null) {
          Map<Node, Node> parents = new IdentityHashMap<>();
          Set<Node> inFlow = Collections.newSetFromMap(new IdentityHashMap<>());
          TreeIndex.link(this, path, documents, parents, inFlow, !aliasStarts.isEmpty());
          made = new Links.Made(parents, inFlow);
          links.made = made;
        }
      }
    }
    return made;
  }

  /** The parents and flow nodes of one parse, once made (published through the volatile). */
  private static final class Links {
    private volatile Made made;

    private record Made(Map<Node, Node> parents, Set<Node> inFlow) {}
  }

  private record Key(String text, YamlLimits limits) {}

  /** A name's last parse; any thread may replace it (any base serves, each is checked). */
  private static final class Recent {
    private volatile YamlFile file;
  }

  private record Derived(Object key, Object value) {}

  /**
   * What {@code compute} derives from this parse with {@code key} (for example the nodes that
   * some names make sensitive), kept with the parse so that a file read again from the cache
   * does not derive it again. One slot: the last key asked for is kept. {@code compute} must be
   * a pure function of this parse and the key (equal keys, equal values), and its value must
   * never be modified once returned, since every caller with an equal key gets the same
   * instance. Thread-safe: two threads missing together may both compute.
   */
  public <T> T derived(Object key, Class<T> type, Function<YamlFile, T> compute) {
    Derived last = derived;
    if (last != null && last.key.equals(key) && type.isInstance(last.value)) {
      return type.cast(last.value);
    }
    T value = compute.apply(this);
    derived = new Derived(key, value);
    return value;
  }

  private static boolean within(int index, int start, int end) {
    return index >= start && index < end;
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static int[] codePointToChar(String text) {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      return null;
    }
    int[] map = new int[codePoints + 1];
    int c = 0;
    for (int cp = 0; cp < codePoints; cp++) {
      map[cp] = c;
      c += Character.charCount(text.codePointAt(c));
    }
    map[codePoints] = c;
    return map;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown problem";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
