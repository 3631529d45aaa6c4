package dev.baton.internal.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes YAML for Baton without the features that make YAML dangerous or ambiguous.
 * Not public API.
 *
 * <p>Reading refuses, as {@link ErrorCode#MALFORMED_DOCUMENT}: anchors and aliases, tags other
 * than the core schema's ({@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool},
 * {@code !!null}, {@code !!map}, {@code !!seq}), duplicate keys, more than one document, nesting
 * deeper than {@link YamlLimits#maxDepth()}, and syntax errors. A text above
 * {@link YamlLimits#maxBytes()} or with more than {@link YamlLimits#maxKeys()} keys is
 * {@link ErrorCode#DOCUMENT_TOO_LARGE}. Messages name the source and, where known, the line.
 * An empty text (or a document with no content) reads as {@link NullNode}. A pass over the
 * parser's events refuses what Jackson would accept or cannot see (anchors on scalars, tags,
 * size); Jackson then builds the tree and refuses duplicate keys.
 *
 * <p>Numbers read as the smallest of int, long and big integer; floats as {@link DecimalNode}
 * without trailing zeros ({@code 1.50} reads as {@code 1.5}), so a value survives a write and a
 * read unchanged; {@code .inf} and {@code .nan} read as {@link DoubleNode}.
 *
 * <p>Writing produces block YAML without a {@code ---} marker, keeps the map order of the tree,
 * quotes strings only where a reader could take them for something else, and checks that reading
 * the output gives the same tree back (falling back to quoting every string). Comments and the
 * original layout are not preserved by a read and a write. Thread-safe: stateless.
 */
public final class SafeYaml {
  private static final Logger LOG = LoggerFactory.getLogger(SafeYaml.class);
  private static final StreamReadConstraints DEFAULT_CONSTRAINTS = StreamReadConstraints.defaults();
  private static final YAMLFactory DEFAULT_FACTORY = factory(YamlLimits.defaults(), true);
  private static final YAMLFactory QUOTING_FACTORY = factory(YamlLimits.defaults(), false);
  private static final JsonFactory ESCAPING_JSON_FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  // the check after a write must accept whatever a caller built, within reason
  private static final YamlLimits WRITE_CHECK_LIMITS =
      new YamlLimits(Integer.MAX_VALUE - 16, 1000, Integer.MAX_VALUE);
  private static final YAMLFactory WRITE_CHECK_FACTORY = factory(WRITE_CHECK_LIMITS, true);
  private static final ObjectMapper MAPPER = createMapper();
  // floats as BigDecimal, so that a float survives a read and a write digit for digit
  private static final ObjectReader TREE_READER =
      MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String JACKSON_DUPLICATE = "Duplicate field ";

  private SafeYaml() {}

  /** Reads one document with {@link YamlLimits#defaults()}; see the class comment for rules. */
  public static JsonNode read(String text, String sourceName) {
    return read(text, sourceName, YamlLimits.defaults());
  }

  /**
   * Reads one document within the given limits.
   *
   * @param text the YAML text
   * @param sourceName names the text in error messages, for example {@code staging/values.yaml}
   * @param limits the bounds to enforce
   * @return the document as a tree; {@link NullNode} for an empty document
   * @throws BatonException MALFORMED_DOCUMENT or DOCUMENT_TOO_LARGE as described above
   */
  public static JsonNode read(String text, String sourceName, YamlLimits limits) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(limits, "limits");
    long bytes = YamlFile.utf8Length(text);
    if (bytes > limits.maxBytes()) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, sourceName + " is " + bytes
          + " bytes, more than the limit of " + limits.maxBytes() + " bytes");
    }
    if (StructureCheck.check(text, sourceName, limits)) {
      return NullNode.instance;
    }
    YAMLFactory factory = limits.equals(YamlLimits.defaults()) ? DEFAULT_FACTORY
        : limits.equals(WRITE_CHECK_LIMITS) ? WRITE_CHECK_FACTORY : factory(limits, true);
    try (JsonParser parser = new YamlFloats.Parser(factory.createParser(text))) {
      JsonNode tree = TREE_READER.readTree(parser);
      return tree == null || tree.isMissingNode() ? NullNode.instance : tree;
    } catch (JsonProcessingException e) {
      throw refused(sourceName, e);
    } catch (IOException e) {
      throw malformed(sourceName, 0, "could not be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // the YAML engine reports some syntax problems unchecked
      throw malformed(sourceName, 0, "is not valid YAML: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one document with default limits and binds it to a type with {@link #yamlMapper()}.
   *
   * @throws BatonException MALFORMED_DOCUMENT when the text is refused or does not fit the type
   */
  public static <T> T readValue(String text, String sourceName, Class<T> type) {
    JsonNode tree = read(text, sourceName);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String message = e instanceof JsonProcessingException
          ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
      throw malformed(sourceName, 0, "does not have the expected shape: " + message, e);
    }
  }

  /**
   * Writes a tree as stable, readable block YAML ending in a newline, without a leading
   * {@code ---}. Text, numbers, booleans, null, maps and lists only.
   *
   * @throws IllegalArgumentException for binary or POJO nodes
   */
  public static String write(JsonNode node) {
    Objects.requireNonNull(node, "node");
    JsonNode canonical = canonical(node);
    String text = writeWith(DEFAULT_FACTORY, canonical);
    if (readsBackAs(text, canonical)) {
      return text;
    }
    // minimal quoting got a string wrong (for example a line-separator character): quote all
    LOG.debug("minimally quoted YAML did not read back as written; quoting every string");
    text = writeWith(QUOTING_FACTORY, canonical);
    if (readsBackAs(text, canonical)) {
      return text;
    }
    // keys are never quoted by the YAML writer; JSON with every non-ASCII character escaped is
    // YAML too, and nothing in it can be misread
    LOG.debug("quoted YAML did not read back as written; writing escaped JSON");
    text = writeWith(ESCAPING_JSON_FACTORY, canonical) + "\n";
    if (readsBackAs(text, canonical)) {
      return text;
    }
    throw new IllegalStateException("YAML output does not read back as its input");
  }

  /**
   * The mapper Baton uses to bind records to and from YAML: the write features of
   * {@link #write(JsonNode)}, Optional and java.time support, unknown properties refused.
   * Reading untrusted text straight through it skips the checks of {@link #read}; use
   * {@link #readValue} for that.
   */
  public static ObjectMapper yamlMapper() {
    return MAPPER;
  }

  /**
   * The tree in the form {@link #read} produces: floats as trimmed decimals, integers in the
   * smallest node type. Two trees with the same meaning are then {@code equals}.
   */
  public static JsonNode canonical(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT: {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          copy.set(field.getKey(), canonical(field.getValue()));
        }
        return copy;
      }
      case ARRAY: {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : node) {
          copy.add(canonical(item));
        }
        return copy;
      }
      case NUMBER:
        if (node.isIntegralNumber()) {
          return integer(node.bigIntegerValue());
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
          return DoubleNode.valueOf(node.doubleValue());
        }
        return decimal(node.decimalValue());
      case STRING:
      case BOOLEAN:
      case NULL:
        return node;
      case MISSING:
        return NullNode.instance;
      default:
        throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node");
    }
  }

  static BatonException malformed(String source, int line, String problem) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT, where(source, line) + problem);
  }

  static BatonException malformed(String source, int line, String problem, Throwable cause) {
    return new BatonException(ErrorCode.MALFORMED_DOCUMENT, where(source, line) + problem, cause);
  }

  static String where(String source, int line) {
    return line > 0 ? source + " (line " + line + ") " : source + " ";
  }

  // The one place where Jackson's refusals become ours; a duplicate key is the one the event
  // pass leaves to Jackson, worded as the node-tree reader words it.
  private static BatonException refused(String source, JsonProcessingException e) {
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    String problem = e.getOriginalMessage();
    if (problem != null && problem.startsWith(JACKSON_DUPLICATE)) {
      return malformed(source, line, "has the key " + problem.substring(JACKSON_DUPLICATE.length())
          + " twice in one map", e);
    }
    return malformed(source, line, "is not valid YAML: " + problem, e);
  }

  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return IntNode.valueOf(value.intValue());
    }
    if (value.bitLength() < 64) {
      return LongNode.valueOf(value.longValue());
    }
    return BigIntegerNode.valueOf(value);
  }

  private static JsonNode decimal(BigDecimal value) {
    return DecimalNode.valueOf(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
  }

  private static boolean readsBackAs(String text, JsonNode expected) {
    try {
      return read(text, "written YAML", WRITE_CHECK_LIMITS).equals(expected);
    } catch (BatonException e) {
      return false;
    }
  }

  private static String writeWith(JsonFactory factory, JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = new YamlFloats.Generator(factory.createGenerator(out))) {
      if (!(factory instanceof YAMLFactory)) {
        generator.useDefaultPrettyPrinter();
      }
      MAPPER.writeTree(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static YAMLFactory factory(YamlLimits limits, boolean minimizeQuotes) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxDepth() + 1)
        .maxStringLength(Math.max(limits.maxBytes(), DEFAULT_CONSTRAINTS.getMaxStringLength()))
        .build();
    return YAMLFactory.builder()
        .loaderOptions(StructureCheck.loaderOptions(limits))
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .configure(YAMLGenerator.Feature.MINIMIZE_QUOTES, minimizeQuotes)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .build();
  }

  private static ObjectMapper createMapper() {
    YAMLMapper mapper = new YAMLMapper(DEFAULT_FACTORY);
    mapper.registerModule(new Jdk8Module());
    mapper.registerModule(new JavaTimeModule());
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return mapper;
  }
}
