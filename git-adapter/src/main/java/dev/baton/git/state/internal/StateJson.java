package dev.baton.git.state.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.baton.error.BatonException;
import dev.baton.json.BatonJson;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON form of the state files: the SPI records as they are, pretty printed with sorted keys,
 * ISO-8601 instants, identifiers as plain strings and sets in sorted order (so the same value
 * always gives the same bytes, hence the same blob). Reading is strict: unknown or missing
 * properties and invalid values are refused. Thread-safe.
 */
public final class StateJson {
  private static final ObjectMapper MAPPER = newMapper();
  private static final ObjectWriter WRITER = MAPPER.writerWithDefaultPrettyPrinter();
  private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

  private StateJson() {}

  /** The bytes of a state file holding {@code value}, ending with a newline. */
  public static byte[] write(Object value) {
    try {
      return (WRITER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      // Our own records always serialise; failing here is a programming error.
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a state file.
   *
   * @throws BatonException STORE_CORRUPT naming {@code path} when the content is not a valid
   *     {@code type}
   */
  public static <T> T read(String path, byte[] content, Class<T> type) {
    ObjectReader reader = READERS.computeIfAbsent(type, MAPPER::readerFor);
    try {
      if (type == Freeze.class || type == Pipeline.class) {
        return reader.readValue(withLaterFields(type, content));
      }
      return reader.readValue(content);
    } catch (JsonMappingException e) {
      throw StateLayout.corrupt(path, "is not a valid " + type.getSimpleName() + " document"
          + where(e) + ": " + firstLine(e.getOriginalMessage()));
    } catch (JacksonException e) {
      throw StateLayout.corrupt(path, "is not a valid " + type.getSimpleName() + " document: "
          + firstLine(e.getOriginalMessage()));
    } catch (IOException | BatonException | IllegalArgumentException e) {
      throw StateLayout.corrupt(path, "is not a valid " + type.getSimpleName() + " document: "
          + firstLine(e.getMessage()));
    }
  }

  /**
   * Builds the readers of these types now, as the first {@link #read} of each would: Jackson
   * finds a record's deserializer by reflection, tens of milliseconds for a pipeline. For a
   * caller that can do that earlier, on another thread; reading is the same either way.
   */
  public static void prepareReaders(Class<?>... types) {
    for (Class<?> type : types) {
      READERS.computeIfAbsent(type, MAPPER::readerFor);
    }
  }

  /**
   * Documents written before a record gained a component lack it; it is filled with the value
   * that keeps the document's meaning. A freeze without {@code holds} held only the deploy, so
   * it reads as {@link FreezeHolds#DEPLOY}; a pipeline without {@code sensitive} adds no names
   * to the built-in ones. New documents always write both.
   */
  private static JsonNode withLaterFields(Class<?> type, byte[] content) throws IOException {
    JsonNode tree = MAPPER.readTree(content);
    if (tree instanceof ObjectNode object) {
      if (type == Freeze.class && !object.has("holds")) {
        object.put("holds", FreezeHolds.DEPLOY.name());
      }
      if (type == Pipeline.class && !object.has("sensitive")) {
        object.putArray("sensitive");
      }
    }
    return tree;
  }

  // " at history[0].by" from Jackson's reference chain, or nothing at the top level.
  private static String where(JsonMappingException e) {
    StringBuilder at = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        at.append(at.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        at.append('[').append(r.getIndex()).append(']');
      }
    }
    return at.length() == 0 ? "" : " at " + at;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static ObjectMapper newMapper() {
    SimpleModule state = new SimpleModule("baton-state");
    @SuppressWarnings({"rawtypes", "unchecked"})
    Class<Set<?>> setType = (Class) Set.class;
    state.addSerializer(setType, new SortedSetSerializer(setType));
    state.setDeserializerModifier(new ClaimUpgrade());
    return BatonJson.strictMapper(state)
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();
  }

  /** Puts {@link LegacyClaimDeserializer} in front of the claim's record deserializer. */
  private static final class ClaimUpgrade extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config,
        BeanDescription description, JsonDeserializer<?> deserializer) {
      return description.getBeanClass() == ExecutionClaim.class
          ? new LegacyClaimDeserializer(deserializer) : deserializer;
    }
  }

  /**
   * Reads claims written before fencing tokens and heartbeats existed: a claim without
   * {@code token} has token 0 (below every claim taken since), one without {@code renewedAt} was
   * last renewed when it was taken. Everything else is read as strictly as any record.
   */
  private static final class LegacyClaimDeserializer extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    LegacyClaimDeserializer(JsonDeserializer<?> recordDeserializer) {
      super(recordDeserializer);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
      return new LegacyClaimDeserializer(delegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode tree = ctxt.readTree(p);
      if (tree instanceof ObjectNode claim) {
        if (!claim.has("token")) {
          claim.put("token", 0L);
        }
        if (!claim.has("renewedAt") && claim.has("since")) {
          claim.set("renewedAt", claim.get("since"));
        }
      }
      try (JsonParser replay = tree.traverse(p.getCodec())) {
        replay.nextToken();
        return _delegatee.deserialize(replay, ctxt);
      }
    }
  }

  /** Writes sets in sorted order so that equal values always give equal bytes. */
  private static final class SortedSetSerializer extends StdSerializer<Set<?>> {
    private static final long serialVersionUID = 1L;

    SortedSetSerializer(Class<Set<?>> type) {
      super(type);
    }

    @Override
    public void serialize(Set<?> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      List<Object> items = new ArrayList<>(value);
      items.sort(Comparator.comparing(String::valueOf));
      gen.writeStartArray(value, items.size());
      for (Object item : items) {
        provider.defaultSerializeValue(item, gen);
      }
      gen.writeEndArray();
    }
  }
}
