package dev.baton.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.json.BatonJson;
import java.io.IOException;

/**
 * The JSONB documents the store keeps: the SPI records as they are, ISO-8601 instants,
 * identifiers as plain strings. Reading is strict, so a document that does not make a valid
 * record is reported as corrupt rather than half read. Thread-safe.
 */
final class Json {
  /** Package-private for tests. */
  static final ObjectMapper MAPPER = newMapper();

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
    return BatonJson.strictMapper(IsoInstants.module()).build();
  }
}
