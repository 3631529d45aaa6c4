package dev.baton.http.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The JSON encoding Baton speaks outside the JVM: the command line's {@code --json} and its
 * notifications file, and the bodies of the HTTP API. Records as
 * objects with their camelCase component names, enums as their constant names
 * ({@code PENDING_APPROVAL}), identifiers as plain strings, {@code Optional} as the value or
 * null, instants and durations in ISO-8601, and every set as an array in a defined order (enums
 * in declaration order, anything else by its text) so that the same state always prints the
 * same bytes. What is printed or answered is shaped by {@link JsonView}. Thread-safe.
 *
 * @since 0.2
 */
public final class Json {
  private static final ObjectMapper MAPPER = create();

  private Json() {}

  /**
   * The mapper, configured once; do not reconfigure it.
   *
   * @return the shared mapper
   * @since 0.2
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The value as indented JSON, as {@code --json} prints it.
   *
   * @param value a record, a map built by {@link JsonView}, a list or a scalar
   * @return the JSON text, without a final line break
   * @since 0.2
   */
  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value as one line of JSON.
   *
   * @param value a record, a map built by {@link JsonView}, a list or a scalar
   * @return the JSON text on one line
   * @since 0.2
   */
  public static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper create() {
    SimpleModule module = new SimpleModule("baton-json");
    for (Class<?> type : new Class<?>[] {PromotionId.class, ProjectId.class,
        EnvironmentName.class, UserId.class, ReleaseId.class, Revision.class,
        NotificationId.class}) {
      module.addSerializer(type, ToStringSerializer.instance);
    }
    module.addSerializer(new OrderedSetSerializer());
    return new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .registerModule(module)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }

  /**
   * The elements of a set in a defined order: most sets in the model are immutable
   * {@code Set.copyOf}s, whose iteration order changes from one JVM to the next.
   */
  @SuppressWarnings("rawtypes")
  private static final class OrderedSetSerializer extends StdSerializer<Set> {
    private static final long serialVersionUID = 1L;

    OrderedSetSerializer() {
      super(Set.class);
    }

    @Override
    public void serialize(Set set, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      provider.defaultSerializeValue(ordered(set), gen);
    }
  }

  /** The elements in their natural order (enums: declaration order), else by their text. */
  private static List<Object> ordered(Set<?> set) {
    List<Object> items = new ArrayList<>(set);
    boolean comparable = items.stream().allMatch(i -> i instanceof Comparable<?>)
        && items.stream().map(Object::getClass).distinct().count() <= 1;
    items.sort(comparable ? Json::compareNatural : Comparator.comparing(String::valueOf));
    return items;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareNatural(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }
}
