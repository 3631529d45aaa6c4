package dev.baton.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.NotificationId;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import java.io.IOException;
import java.util.function.Function;

/**
 * The JSONB documents the store keeps: the SPI records as they are, ISO-8601 instants,
 * identifiers as plain strings. Reading is strict, so a document that does not make a valid
 * record is reported as corrupt rather than half read. Thread-safe.
 */
final class Json {
  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  static String write(Object value) {
    String json;
    try {
      json = MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Our own records always serialise; failing here is a programming error.
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
    // PostgreSQL text and jsonb cannot hold the NUL character; refuse it before the database does.
    if (json.contains("\\u0000")) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "PostgreSQL cannot store the NUL character (in a " + value.getClass().getSimpleName()
              + ")");
    }
    return json;
  }

  static <T> T read(String json, Class<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException | RuntimeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT,
          what + " is not a valid " + type.getSimpleName() + " document: " + e.getMessage(), e);
    }
  }

  private static ObjectMapper newMapper() {
    SimpleModule ids = new SimpleModule("baton-ids");
    addId(ids, PromotionId.class, PromotionId::of);
    addId(ids, ProjectId.class, ProjectId::of);
    addId(ids, EnvironmentName.class, EnvironmentName::of);
    addId(ids, UserId.class, UserId::of);
    addId(ids, ReleaseId.class, ReleaseId::of);
    addId(ids, Revision.class, Revision::of);
    addId(ids, NotificationId.class, NotificationId::of);
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .addModule(ids)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  private static <T> void addId(SimpleModule module, Class<T> type, Function<String, T> of) {
    module.addSerializer(type, ToStringSerializer.instance);
    module.addDeserializer(type, new IdDeserializer<>(type, of));
  }

  /** Reads a tiny identifier type from a JSON string, refusing anything else. */
  private static final class IdDeserializer<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<String, T> of;

    IdDeserializer(Class<T> type, Function<String, T> of) {
      super(type);
      this.of = of;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        @SuppressWarnings("unchecked")
        T none = (T) ctxt.handleUnexpectedToken(handledType(), p);
        return none;
      }
      String text = p.getText();
      try {
        return of.apply(text);
      } catch (BatonException e) {
        @SuppressWarnings("unchecked")
        T none = (T) ctxt.handleWeirdStringValue(handledType(), text, e.getMessage());
        return none;
      }
    }
  }
}
