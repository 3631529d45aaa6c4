package dev.baton.internal.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Builds SnakeYAML node trees from parser events, as SnakeYAML's {@code Composer} does (the same
 * node types, tags, marks, styles, anchors, merge flags and shared alias targets, and the same
 * refusals of an undefined alias and of too many aliases to collections), without what nobody
 * here reads: the composer asks for comment events before and after every node (several parser
 * calls and fresh lists per node, though comments are never scanned), and its nesting count
 * repeats the depth check {@link CheckingParser} makes first.
 *
 * <p>It also finds the first key written twice in one mapping, in the order
 * {@link TreeIndex#check} walks the trees (a scalar key is compared with the earlier keys of its
 * mapping when it is read, which is before anything below it), and keeps it until every document
 * is built, so that a syntax or limit refusal further on still wins, as before. Single-use, not
 * thread-safe.
 */
final class NodeBuilder {
  // a mapping with more keys than this checks them with a hash set, a smaller one pairwise
  private static final int PAIRWISE_KEYS = 16;

  private final Parser parser;
  private final PlainResolver resolver;
  // the resolver's answers for this parse's scalars that take regular expressions: a values
  // file's keys and values repeat, and each regular expression costs more than a look-up
  private final Map<String, Tag> tags = new HashMap<>();
  private final int maxAliasesForCollections;
  // anchors of the document being built, as the composer keeps them
  private final Map<String, Node> anchors = new HashMap<>();
  private int collectionAliases;
  private ScalarNode firstDuplicate;

  NodeBuilder(Parser parser, PlainResolver resolver, LoaderOptions options) {
    this.parser = parser;
    this.resolver = resolver;
    this.maxAliasesForCollections = options.getMaxAliasesForCollections();
  }

  /** The root of each document in order (SnakeYAML's empty scalar for an empty document). */
  List<Node> documents() {
    List<Node> documents = new ArrayList<>(1);
    if (parser.checkEvent(Event.ID.StreamStart)) {
      parser.getEvent();
    }
    while (!parser.checkEvent(Event.ID.StreamEnd)) {
      parser.getEvent(); // document start
      documents.add(node());
      parser.getEvent(); // document end
      anchors.clear();
    }
    return documents;
  }

  /** The first scalar key found twice in one mapping (by the walk's order), or null. */
  ScalarNode firstDuplicate() {
    return firstDuplicate;
  }

  private Node node() {
    Event event = parser.getEvent();
    switch (event.getEventId()) {
      case Alias:
        return alias((AliasEvent) event);
      case Scalar:
        return scalar((ScalarEvent) event);
      case SequenceStart:
        return sequence((CollectionStartEvent) event);
      case MappingStart:
        return mapping((CollectionStartEvent) event);
      default:
        // the parser only yields a node here; this would be a bug in it
        throw new YAMLException("expected a node, found " + event);
    }
  }

  private Node alias(AliasEvent event) {
    Node node = anchors.get(event.getAnchor());
    if (node == null) {
      throw new UndefinedAlias("found undefined alias " + event.getAnchor(),
          event.getStartMark());
    }
    if (!(node instanceof ScalarNode)) {
      collectionAliases++;
      if (collectionAliases > maxAliasesForCollections) {
        throw new YAMLException("Number of aliases for non-scalar nodes exceeds the specified max="
            + maxAliasesForCollections);
      }
    }
    return node;
  }

  private Node scalar(ScalarEvent event) {
    String tag = event.getTag();
    boolean resolved = tag == null || tag.equals("!");
    Tag nodeTag = resolved
        ? resolver.scalar(event.getValue(), event.getImplicit().canOmitTagInPlainScalar(), tags)
        : new Tag(tag);
    ScalarNode node = new ScalarNode(nodeTag, resolved, event.getValue(), event.getStartMark(),
        event.getEndMark(), event.getScalarStyle());
    anchor(node, event.getAnchor());
    return node;
  }

  private Node sequence(CollectionStartEvent start) {
    String tag = start.getTag();
    boolean resolved = tag == null || tag.equals("!");
    Tag nodeTag = resolved ? resolver.resolve(NodeId.sequence, null, start.getImplicit())
        : new Tag(tag);
    List<Node> items = new ArrayList<>();
    SequenceNode node = new SequenceNode(nodeTag, resolved, items, start.getStartMark(), null,
        start.getFlowStyle());
    anchor(node, start.getAnchor());
    while (!parser.checkEvent(Event.ID.SequenceEnd)) {
      items.add(node());
    }
    node.setEndMark(parser.getEvent().getEndMark());
    return node;
  }

  private Node mapping(CollectionStartEvent start) {
    String tag = start.getTag();
    boolean resolved = tag == null || tag.equals("!");
    Tag nodeTag = resolved ? resolver.resolve(NodeId.mapping, null, start.getImplicit())
        : new Tag(tag);
    List<NodeTuple> tuples = new ArrayList<>();
    MappingNode node = new MappingNode(nodeTag, resolved, tuples, start.getStartMark(), null,
        start.getFlowStyle());
    anchor(node, start.getAnchor());
    Set<String> names = null;
    while (!parser.checkEvent(Event.ID.MappingEnd)) {
      Node key = node();
      if (key.getTag().equals(Tag.MERGE)) {
        node.setMerged(true);
      }
      if (firstDuplicate == null && key instanceof ScalarNode scalar) {
        if (names == null && tuples.size() >= PAIRWISE_KEYS) {
          names = new HashSet<>();
          for (NodeTuple earlier : tuples) {
            if (earlier.getKeyNode() instanceof ScalarNode earlierKey) {
              names.add(earlierKey.getValue());
            }
          }
        }
        if (names != null ? !names.add(scalar.getValue()) : seenBefore(scalar, tuples)) {
          firstDuplicate = scalar;
        }
      }
      tuples.add(new NodeTuple(key, node()));
    }
    node.setEndMark(parser.getEvent().getEndMark());
    return node;
  }

  private void anchor(Node node, String anchor) {
    if (anchor != null) {
      node.setAnchor(anchor);
      anchors.put(anchor, node);
    }
  }

  private static boolean seenBefore(ScalarNode key, List<NodeTuple> tuples) {
    String name = key.getValue();
    for (int i = 0; i < tuples.size(); i++) {
      if (tuples.get(i).getKeyNode() instanceof ScalarNode earlier
          && earlier.getValue().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The composer's refusal of an alias to no anchor: its exception type, worded and marked as it
   * words it, so that a cause in a stack trace reads as it did with the composer.
   */
  static final class UndefinedAlias extends ComposerException {
    private static final long serialVersionUID = 1L;

    UndefinedAlias(String problem, Mark mark) {
      super(null, null, problem, mark);
    }
  }
}
