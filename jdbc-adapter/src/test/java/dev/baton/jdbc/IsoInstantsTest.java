package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import dev.baton.json.BatonJson;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The store's own writing and reading of instants gives what the java.time module's formatter
 * gives, on many seeded random instants and texts, those it handles and those it hands over.
 */
class IsoInstantsTest {
  /** The straightforward mapper: the java.time module alone writes and reads instants. */
  private static final ObjectMapper PLAIN = BatonJson.strictMapper().build();
  private static final long YEAR_10000 = 253_402_300_800L;

  /** Seconds around the edges of the fast range and anywhere an instant can be. */
  private static final Gen<Long> SECONDS = Gen.frequency(
      new Gen.Weighted<>(6, Gen.of(r -> (long) r.nextInt(0, Integer.MAX_VALUE) * 100)),
      new Gen.Weighted<>(2, Gen.choose(-3, 3).map(d -> YEAR_10000 + d)),
      new Gen.Weighted<>(2, Gen.choose(-3, 3).map(Integer::longValue)),
      new Gen.Weighted<>(1, Gen.of(r -> r.nextLong() % Instant.MAX.getEpochSecond())));

  /** Nanoseconds of every granularity: none, milli, micro, nano. */
  private static final Gen<Integer> NANOS = Gen.oneOf(Gen.constant(0),
      Gen.choose(0, 999).map(n -> n * 1_000_000), Gen.choose(0, 999_999).map(n -> n * 1_000),
      Gen.choose(0, 999_999_999));

  private static final Gen<Instant> INSTANTS = SECONDS.flatMap(
      s -> NANOS.map(n -> Instant.ofEpochSecond(s, n)));

  @Test
  void writesEveryInstantAsTheJavaTimeModuleDoes() {
    Property.forAll(INSTANTS).runs(20_000).verify(instant -> {
      assertThat(write(Json.MAPPER, instant)).isEqualTo(write(PLAIN, instant));
      char[] text = new char[30];
      int length = IsoInstants.format(instant, text);
      if (instant.getEpochSecond() >= 0 && instant.getEpochSecond() < YEAR_10000) {
        // handled here, not handed over
        assertThat(new String(text, 0, length)).isEqualTo(instant.toString());
      } else {
        assertThat(length).isEqualTo(-1);
      }
    });
  }

  @Test
  void readsEveryWrittenInstantAsTheJavaTimeModuleDoes() {
    Property.forAll(INSTANTS).runs(20_000).verify(instant -> {
      String json = write(PLAIN, instant);
      assertThat(read(Json.MAPPER, json)).isEqualTo(read(PLAIN, json)).isEqualTo(instant);
      String text = json.substring(1, json.length() - 1);
      if (instant.getEpochSecond() >= 0 && instant.getEpochSecond() < YEAR_10000) {
        assertThat(IsoInstants.parse(text)).isEqualTo(instant);
      } else {
        assertThat(IsoInstants.parse(text)).isNull();
      }
    });
  }

  /**
   * Texts near the shape: any field out of range (months, days of the month in leap years,
   * hour 24, second 60), 0 to 10 digits of fraction, lower case, an offset, spaces, a missing
   * or extra character. Each reads (or fails to read) as with the java.time module alone.
   */
  @Test
  void readsEveryTextNearTheShapeAsTheJavaTimeModuleDoes() {
    Gen<String> digits = Gen.strings("0123456789", 0, 10);
    Gen<String> texts = Gen.of(r -> {
      StringBuilder b = new StringBuilder();
      b.append(pad(r.nextInt(0, 3) == 0 ? r.nextInt(0, 10_000) : r.nextInt(1968, 2401), 4));
      b.append('-').append(pad(r.nextInt(0, 13), 2));
      b.append('-').append(pad(r.nextInt(0, 32), 2));
      b.append(r.nextInt(0, 20) == 0 ? 't' : 'T');
      b.append(pad(r.nextInt(0, 24), 2)).append(':').append(pad(r.nextInt(0, 60), 2));
      b.append(':').append(pad(r.nextInt(0, 60), 2));
      if (r.nextBoolean()) {
        b.append('.').append(digits.next(r));
      }
      b.append(switch (r.nextInt(0, 12)) {
        case 0 -> "z";
        case 1 -> "+01:00";
        case 2 -> "";
        case 3 -> "Z ";
        default -> "Z";
      });
      if (r.nextInt(0, 12) == 0) {
        b.deleteCharAt(r.nextInt(0, b.length() - 1));
      }
      return b.toString();
    });
    Property.forAll(texts).runs(20_000).verify(text -> {
      String json = "\"" + text + "\"";
      assertThat(read(Json.MAPPER, json)).as(text).isEqualTo(read(PLAIN, json));
      Instant fast = IsoInstants.parse(text);
      if (fast != null) {
        assertThat(fast).as(text).isEqualTo(Instant.parse(text));
      }
    });
  }

  @Test
  void theStoresMapperWritesAndReadsInstantsHere() throws Exception {
    ObjectMapper mapper = Json.MAPPER;
    assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class))
        .isInstanceOf(IsoInstants.Writer.class);
    DeserializationContext context = ((DefaultDeserializationContext)
        mapper.getDeserializationContext()).createInstance(mapper.getDeserializationConfig(),
        null, null);
    assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
        .isInstanceOf(IsoInstants.Reader.class);
  }

  @Test
  void theEdgesOfTheFastRange() {
    for (String text : new String[] {"1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00.5Z", "2000-02-29T00:00:00Z"}) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
    for (String text : new String[] {"1969-12-31T23:59:59Z", "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:59:60Z",
        "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "+10000-01-01T00:00:00Z"}) {
      assertThat(IsoInstants.parse(text)).as(text).isNull();
    }
  }

  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  private static String write(ObjectMapper mapper, Instant instant) {
    try {
      return mapper.writeValueAsString(instant);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The instant, or the failure's class: what either mapper makes of the text. */
  private static Object read(ObjectMapper mapper, String json) {
    try {
      return mapper.readValue(json, Instant.class);
    } catch (Exception e) {
      return e.getClass();
    }
  }
}
