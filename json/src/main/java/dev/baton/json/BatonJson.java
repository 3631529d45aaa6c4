package dev.baton.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.error.BatonException;
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
 * Jackson mappers for Baton's SPI records, shared by the stores that keep them as JSON.
 *
 * <p>{@link #identifiers()} writes every identifier type ({@link PromotionId}, {@link ProjectId},
 * {@link EnvironmentName}, {@link UserId}, {@link ReleaseId}, {@link Revision},
 * {@link NotificationId}) as its plain string and reads it back through the type's own factory,
 * so an invalid identifier in a document is a mapping error, never a half-valid value.
 * {@link #strictMapper(Module...)} adds the JDK 8 and java.time modules, ISO-8601 instants and strict
 * reading (unknown or missing properties, nulls for primitives and trailing tokens are refused);
 * a store adds what only it needs (sorted keys, upgrades of older documents) to that builder.
 *
 * <p>Thread-safe: the module and the builders hold no shared mutable state.
 *
 * @since 0.2
 */
public final class BatonJson {
  private BatonJson() {}

  /**
   * A new module mapping every identifier type to and from a JSON string.
   *
   * @return a module to register on a mapper
   * @since 0.2
   */
  public static SimpleModule identifiers() {
    SimpleModule ids = new SimpleModule("baton-ids");
    addId(ids, PromotionId.class, PromotionId::of);
    addId(ids, ProjectId.class, ProjectId::of);
    addId(ids, EnvironmentName.class, EnvironmentName::of);
    addId(ids, UserId.class, UserId::of);
    addId(ids, ReleaseId.class, ReleaseId::of);
    addId(ids, Revision.class, Revision::of);
    addId(ids, NotificationId.class, NotificationId::of);
    return ids;
  }

  /**
   * A new mapper builder that reads and writes the SPI records strictly, with the identifier
   * module, the JDK 8 and java.time modules and ISO-8601 instants.
   *
   * @param extra further modules the caller needs (registered after the standard ones)
   * @return a builder; each call gives a new one
   * @since 0.2
   */
  public static JsonMapper.Builder strictMapper(Module... extra) {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .addModule(identifiers())
        .addModules(extra)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private static <T> void addId(SimpleModule module, Class<T> type, Function<String, T> of) {
    module.addSerializer(type, ToStringSerializer.instance);
    module.addDeserializer(type, new IdDeserializer<>(type, of));
  }

  /** Reads an identifier from a JSON string through its factory, refusing anything else. */
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
