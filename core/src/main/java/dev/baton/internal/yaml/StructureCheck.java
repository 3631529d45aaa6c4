package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * First pass over a YAML text at the event level, where anchors, aliases and tags are all
 * visible (Jackson's parser hides anchors on scalars). Refuses what Baton never accepts and
 * reports whether the text holds no content at all.
 */
final class StructureCheck {
  // The YAML core schema's tags; everything else (custom '!x', '!!binary', '!!set', the
  // non-specific '!') could smuggle types or change meaning, so it is refused.
  private static final String CORE = "tag:yaml.org,2002:";
  private static final Set<String> ALLOWED_TAGS = Set.of(CORE + "str", CORE + "int",
      CORE + "float", CORE + "bool", CORE + "null", CORE + "map", CORE + "seq");

  private StructureCheck() {}

  /** Returns true when the text has no document or only an empty one. */
  static boolean check(String text, String source, YamlLimits limits) {
    LoaderOptions options = loaderOptions(limits);
    ParserImpl parser = new ParserImpl(new StreamReader(text), options);
    // one frame per open collection; for a map, whether the next node is a key
    Deque<boolean[]> open = new ArrayDeque<>();
    int documents = 0;
    int keys = 0;
    boolean empty = true;
    try {
      while (parser.peekEvent() != null) {
        Event event = parser.getEvent();
        switch (event.getEventId()) {
          case DocumentStart:
            documents++;
            if (documents > 1) {
              throw SafeYaml.malformed(source, line(event),
                  "holds more than one YAML document ('---'); only one is allowed");
            }
            break;
          case Alias:
            throw SafeYaml.malformed(source, line(event),
                "uses the alias '*" + ((AliasEvent) event).getAnchor()
                    + "'; anchors and aliases are not allowed");
          case Scalar:
          case MappingStart:
          case SequenceStart:
            checkNode((NodeEvent) event, source);
            if (open.isEmpty() && !isEmptyScalar(event)) {
              empty = false;
            }
            boolean[] parent = open.peek();
            if (parent != null && parent[0]) {
              if (parent[1]) {
                keys++;
                if (keys > limits.maxKeys()) {
                  throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, SafeYaml.where(source,
                      line(event)) + "has more than " + limits.maxKeys() + " keys");
                }
              }
              parent[1] = !parent[1];
            }
            if (!(event instanceof ScalarEvent)) {
              boolean isMap = event.getEventId() == Event.ID.MappingStart;
              open.push(new boolean[] {isMap, true});
              if (open.size() > limits.maxDepth()) {
                throw SafeYaml.malformed(source, line(event),
                    "is nested deeper than " + limits.maxDepth() + " levels");
              }
            }
            break;
          case MappingEnd:
          case SequenceEnd:
            open.pop();
            break;
          default:
            break;
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw SafeYaml.malformed(source, mark == null ? 0 : mark.getLine() + 1,
          "is not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem()
              : e.getMessage()), e);
    } catch (YAMLException e) {
      throw SafeYaml.malformed(source, 0, "is not valid YAML: " + firstLine(e.getMessage()), e);
    }
    return empty;
  }

  static LoaderOptions loaderOptions(YamlLimits limits) {
    // SnakeYAML's parser reads only these. Its options for aliases and nesting belong to its
    // composer, which neither this pass nor Jackson runs; duplicate keys are Jackson's
    // STRICT_DUPLICATE_DETECTION, enabled in SafeYaml.factory
    LoaderOptions options = new LoaderOptions();
    // code points never outnumber UTF-8 bytes; the byte limit is checked before parsing
    options.setCodePointLimit(Math.max(limits.maxBytes(), 1) + 1);
    options.setProcessComments(false);
    return options;
  }

  private static void checkNode(NodeEvent event, String source) {
    if (event.getAnchor() != null) {
      throw SafeYaml.malformed(source, line(event), "defines the anchor '&" + event.getAnchor()
          + "'; anchors and aliases are not allowed");
    }
    String tag = event instanceof ScalarEvent ? ((ScalarEvent) event).getTag()
        : ((CollectionStartEvent) event).getTag();
    if (tag != null && !ALLOWED_TAGS.contains(tag)) {
      throw SafeYaml.malformed(source, line(event), "uses the tag '" + tag
          + "'; only the standard tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq"
          + " are allowed");
    }
  }

  private static boolean isEmptyScalar(Event event) {
    if (!(event instanceof ScalarEvent)) {
      return false;
    }
    ScalarEvent scalar = (ScalarEvent) event;
    return scalar.isPlain() && scalar.getValue().isEmpty() && scalar.getTag() == null;
  }

  private static int line(Event event) {
    return event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown problem";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
