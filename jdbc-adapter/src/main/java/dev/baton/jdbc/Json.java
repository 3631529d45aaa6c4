package dev.baton.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.json.BatonJson;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
    SimpleModule instants = new SimpleModule("baton-jdbc-instants");
    instants.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config,
          BeanDescription description, JsonDeserializer<?> deserializer) {
        return description.getBeanClass() == Instant.class
            ? new CanonicalInstants(deserializer) : deserializer;
      }
    });
    return BatonJson.strictMapper(instants).build();
  }

  /**
   * The instant as the mapper writes it, {@code 2026-11-30T06:05:00.123456789Z} (a four-digit
   * year, 0 to 9 fraction digits, UTC), without {@code DateTimeFormatter}'s parse: reading
   * promotions spent about an eighth of its time there. Any other text, and any value that is not
   * a string, goes to the java.time module's reader, so what is accepted and what it reads as
   * are unchanged.
   */
  static Instant canonicalInstant(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':'
        || (length > 20 && text.charAt(19) != '.')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nano = 0;
    if (length > 20) {
      int fraction = digits(text, 20, length - 1);
      if (fraction < 0) {
        return null;
      }
      nano = fraction;
      for (int i = length - 1 - 20; i < 9; i++) {
        nano *= 10;
      }
    }
    // the ranges LocalDateTime checks; a leap second (:60) is left to the java.time reader
    if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
        || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nano)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // such as 30 February: the java.time reader words the error
    }
  }

  /** The decimal number text[from, to) as an int (at most 9 digits), or -1. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Reads canonical instants itself and hands everything else to the standard reader. */
  private static final class CanonicalInstants extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    CanonicalInstants(JsonDeserializer<?> standard) {
      super(standard);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> standard) {
      return new CanonicalInstants(standard);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant at = canonicalInstant(p.getText());
        if (at != null) {
          return at;
        }
      }
      return super.deserialize(p, context);
    }
  }
}
