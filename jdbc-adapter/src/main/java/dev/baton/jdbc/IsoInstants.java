package dev.baton.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants in the stored documents written and read without {@code DateTimeFormatter}: a
 * promotion's document holds about ten of them, and formatting and parsing them through the
 * formatter was about a quarter of the JSON work of an approval (and most of its allocation). Only the shape the store writes is
 * handled here, {@code yyyy-MM-ddTHH:mm:ss}, then a fraction of 3, 6 or 9 digits when the
 * nanoseconds are not zero (1 to 9 when read), then {@code Z}, from 1970 to 9999, exactly as
 * {@link Instant#toString} writes it; anything else (another shape, another year, another
 * token) goes to the java.time module's own serializer and deserializer, so what is written
 * and what is accepted are unchanged. Thread-safe.
 */
final class IsoInstants {
  /** 9999-12-31T23:59:59Z: the last second written and read here. */
  private static final long LAST_SECOND = 253_402_300_799L;
  private static final int SECONDS_PER_DAY = 86_400;
  private static final int[] POWERS = {
      100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

  private IsoInstants() {}

  /** The module that makes a mapper write and read instants as here. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("baton-jdbc-instants");
    module.addSerializer(Instant.class, new Writer(InstantSerializer.INSTANCE));
    module.addDeserializer(Instant.class, new Reader(InstantDeserializer.INSTANT));
    return module;
  }

  /**
   * {@code instant} as {@link Instant#toString} writes it into {@code to} (30 chars at least),
   * answering the length, or -1 when it is outside 1970 to 9999.
   */
  static int format(Instant instant, char[] to) {
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds > LAST_SECOND) {
      return -1;
    }
    long day = seconds / SECONDS_PER_DAY;
    int second = (int) (seconds % SECONDS_PER_DAY);
    // civil date from days since 1970-01-01 (Hinnant's algorithm, days >= 0 here)
    long z = day + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shifted = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * shifted + 2) / 5 + 1);
    int month = (int) (shifted < 10 ? shifted + 3 : shifted - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    digits(to, 0, year, 4);
    to[4] = '-';
    digits(to, 5, month, 2);
    to[7] = '-';
    digits(to, 8, dayOfMonth, 2);
    to[10] = 'T';
    digits(to, 11, second / 3600, 2);
    to[13] = ':';
    digits(to, 14, second / 60 % 60, 2);
    to[16] = ':';
    digits(to, 17, second % 60, 2);
    int at = 19;
    int nano = instant.getNano();
    if (nano > 0) {
      to[at++] = '.';
      int length = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
      digits(to, at, nano / POWERS[length - 1], length);
      at += length;
    }
    to[at++] = 'Z';
    return at;
  }

  /**
   * The instant {@code text} names when it has the shape {@link #format} writes (with a
   * fraction of 1 to 9 digits) and lies in 1970 to 9999; otherwise null.
   */
  static Instant parse(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > days(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nano = 0;
    if (length > 20) {
      int fraction = length - 21;
      if (text.charAt(19) != '.' || fraction < 1) {
        return null;
      }
      nano = number(text, 20, fraction);
      if (nano < 0) {
        return null;
      }
      nano *= POWERS[fraction - 1];
    }
    return Instant.ofEpochSecond(epochDay(year, month, day) * SECONDS_PER_DAY
        + hour * 3600L + minute * 60L + second, nano);
  }

  private static void digits(char[] to, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      to[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number of {@code count} ASCII digits at {@code at}, or -1. */
  private static int number(String text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int days(int year, int month) {
    return switch (month) {
      case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days from 1970-01-01 to the date (Hinnant's algorithm, the inverse of the one above). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = y / 400;
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /**
   * Writes an instant as {@link #format} does, or hands it to the java.time module's.
   * Package-private for tests.
   */
  static final class Writer extends StdSerializer<Instant>
      implements ContextualSerializer {
    private final JsonSerializer<Instant> fallback;

    Writer(JsonSerializer<Instant> fallback) {
      super(Instant.class);
      this.fallback = fallback;
    }

    @Override
    public void serialize(Instant value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      if (!provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
        char[] text = new char[30];
        int length = format(value, text);
        if (length > 0) {
          out.writeString(text, 0, length);
          return;
        }
      }
      fallback.serialize(value, out, provider);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      // The SPI records carry no formats of their own (spi knows no Jackson), so the shape
      // written here stays the one for every property; the fallback gets the context.
      JsonSerializer<?> contextual = fallback instanceof ContextualSerializer c
          ? c.createContextual(provider, property) : fallback;
      return contextual == fallback ? this : new Writer((JsonSerializer<Instant>) contextual);
    }
  }

  /**
   * Reads an instant as {@link #parse} does, or hands it to the java.time module's.
   * Package-private for tests.
   */
  static final class Reader extends StdScalarDeserializer<Instant>
      implements ContextualDeserializer {
    private final JsonDeserializer<Instant> fallback;

    Reader(JsonDeserializer<Instant> fallback) {
      super(Instant.class);
      this.fallback = fallback;
    }

    @Override
    public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
      if (in.hasToken(JsonToken.VALUE_STRING)) {
        Instant instant = parse(in.getText());
        if (instant != null) {
          return instant;
        }
      }
      return fallback.deserialize(in, context);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonDeserializer<?> createContextual(DeserializationContext context,
        BeanProperty property) throws JsonMappingException {
      // as Writer's: the fast path stays, the fallback gets the context
      JsonDeserializer<?> contextual = fallback instanceof ContextualDeserializer c
          ? c.createContextual(context, property) : fallback;
      return contextual == fallback ? this : new Reader((JsonDeserializer<Instant>) contextual);
    }
  }
}
