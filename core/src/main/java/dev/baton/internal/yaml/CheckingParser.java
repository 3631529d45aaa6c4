package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Sits between SnakeYAML's parser and {@link NodeBuilder}, so that limits, tags and anchors are
 * checked on events (which still carry their own positions) and so that the text extent of block
 * collections is known: a block collection's end mark lies at the next token, after any comments
 * and blank lines, which is useless for splicing. Single-use, not thread-safe.
 */
final class CheckingParser implements Parser {
  private static final String CORE = "tag:yaml.org,2002:";
  // timestamp and merge are what the implicit resolver itself produces; binary, set, omap and
  // pairs have no plain-Java form for JSONPath, and local tags could smuggle in types
  private static final Set<String> ALLOWED_TAGS = Set.of(CORE + "str", CORE + "int",
      CORE + "float", CORE + "bool", CORE + "null", CORE + "map", CORE + "seq",
      CORE + "timestamp", CORE + "merge");

  /** An anchor definition and where aliases refer to it, in code points. */
  record AnchorUse(String name, int start, List<Integer> aliases) {}

  private final Parser delegate;
  private final String path;
  private final YamlLimits limits;
  // one frame per open collection: {is mapping, next node is a key}
  private final Deque<boolean[]> open = new ArrayDeque<>();
  private final Deque<CollectionStartEvent> starts = new ArrayDeque<>();
  private final Map<String, AnchorUse> anchors = new HashMap<>();
  private final Deque<String> openAnchors = new ArrayDeque<>();
  private final List<AnchorUse> allAnchors = new ArrayList<>();
  private final List<Integer> aliasStarts = new ArrayList<>();
  private final Map<Mark, Integer> blockEnds = new IdentityHashMap<>();
  private int keys;
  private int lastEnd;
  private boolean flow;

  CheckingParser(Parser delegate, String path, YamlLimits limits) {
    this.delegate = delegate;
    this.path = path;
    this.limits = limits;
  }

  /** Content end (code points, before trimming) of each block collection by its start mark. */
  Map<Mark, Integer> blockEnds() {
    return blockEnds;
  }

  List<AnchorUse> anchors() {
    return allAnchors;
  }

  List<Integer> aliasStarts() {
    return aliasStarts;
  }

  /** Whether any flow collection ({@code [...]}, <code>{...}</code>) was parsed. */
  boolean sawFlow() {
    return flow;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return delegate.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public Event getEvent() {
    Event event = delegate.getEvent();
    switch (event.getEventId()) {
      case DocumentStart:
        keys = 0;
        break;
      case Alias:
        countNode(event);
        alias((AliasEvent) event);
        lastEnd = event.getEndMark().getIndex();
        break;
      case Scalar:
        countNode(event);
        checkTag(event, ((ScalarEvent) event).getTag());
        anchor((NodeEvent) event, false);
        lastEnd = event.getEndMark().getIndex();
        break;
      case MappingStart:
      case SequenceStart:
        countNode(event);
        CollectionStartEvent start = (CollectionStartEvent) event;
        flow |= start.isFlow();
        checkTag(event, start.getTag());
        anchor(start, true);
        open.push(new boolean[] {event.getEventId() == Event.ID.MappingStart, true});
        starts.push(start);
        if (open.size() > limits.maxDepth()) {
          throw YamlFile.malformed(path, line(event),
              "is nested deeper than " + limits.maxDepth() + " levels");
        }
        break;
      case MappingEnd:
      case SequenceEnd:
        open.pop();
        CollectionStartEvent begun = starts.pop();
        if (begun.isFlow()) {
          lastEnd = event.getEndMark().getIndex();
        } else {
          blockEnds.put(begun.getStartMark(), lastEnd);
        }
        if (begun.getAnchor() != null) {
          openAnchors.removeFirstOccurrence(begun.getAnchor());
        }
        break;
      default:
        break;
    }
    return event;
  }

  private void countNode(Event event) {
    boolean[] parent = open.peek();
    if (parent == null || !parent[0]) {
      return;
    }
    if (parent[1]) {
      keys++;
      if (keys > limits.maxKeys()) {
        throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, YamlFile.where(path, line(event))
            + "has more than " + limits.maxKeys() + " keys");
      }
    }
    parent[1] = !parent[1];
  }

  private void checkTag(Event event, String tag) {
    if (tag != null && !ALLOWED_TAGS.contains(tag)) {
      throw YamlFile.malformed(path, line(event), "uses the tag '" + tag
          + "'; only the standard tags !!str, !!int, !!float, !!bool, !!null, !!timestamp,"
          + " !!map and !!seq are allowed");
    }
  }

  private void anchor(NodeEvent event, boolean collection) {
    String name = event.getAnchor();
    if (name == null) {
      return;
    }
    AnchorUse use = new AnchorUse(name, event.getStartMark().getIndex(), new ArrayList<>());
    anchors.put(name, use);
    allAnchors.add(use);
    if (collection) {
      openAnchors.push(name);
    }
  }

  private void alias(AliasEvent event) {
    String name = event.getAnchor();
    // an alias inside its own anchor's node makes a cycle; plain Java cannot hold it
    if (openAnchors.contains(name)) {
      throw YamlFile.malformed(path, line(event),
          "uses the alias '*" + name + "' inside its own anchor; recursive aliases are refused");
    }
    AnchorUse use = anchors.get(name);
    if (use != null) {
      use.aliases().add(event.getStartMark().getIndex());
    }
    aliasStarts.add(event.getStartMark().getIndex());
  }

  private static int line(Event event) {
    return event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
  }
}
