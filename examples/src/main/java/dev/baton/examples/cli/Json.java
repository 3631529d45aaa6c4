package dev.baton.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.model.EnvironmentName;
import dev.baton.model.NotificationId;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import java.io.UncheckedIOException;

/**
 * The JSON the command line prints with {@code --json}: records as objects, identifiers as plain
 * strings, {@code Optional} as the value or null, instants and durations in ISO-8601. Thread-safe.
 */
final class Json {
  private static final ObjectMapper MAPPER = create();

  private Json() {}

  /** The mapper (configured once; do not reconfigure). */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The value as indented JSON. */
  static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value as one line of JSON. */
  static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper create() {
    SimpleModule ids = new SimpleModule("baton-ids");
    for (Class<?> type : new Class<?>[] {PromotionId.class, ProjectId.class,
        EnvironmentName.class, UserId.class, ReleaseId.class, Revision.class,
        NotificationId.class}) {
      ids.addSerializer(type, ToStringSerializer.instance);
    }
    return new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .registerModule(ids)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }
}
