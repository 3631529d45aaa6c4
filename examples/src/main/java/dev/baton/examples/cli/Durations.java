package dev.baton.examples.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the times people type: durations such as {@code 1h}, {@code 90m},
 * {@code 1h30m}, {@code 2d} or ISO {@code PT1H}; instants such as
 * {@code 2026-11-22T10:00:00Z} or a plain date {@code 2026-11-22} (midnight UTC). Stateless.
 */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  private Durations() {}

  /** A positive duration, or IllegalArgumentException saying what is accepted. */
  static Duration parse(String text) {
    Duration result = parseAllowingZero(text);
    if (result.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return result;
  }

  /** A duration of zero or more, or IllegalArgumentException saying what is accepted. */
  static Duration parseAllowingZero(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration result = Duration.ZERO;
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        result = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw bad(text);
      }
    } else {
      Matcher m = PART.matcher(t);
      int end = 0;
      try {
        while (m.find() && m.start() == end) {
          long n = Long.parseLong(m.group(1));
          result = result.plus(switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
          });
          end = m.end();
        }
      } catch (ArithmeticException e) {
        // More seconds than a long holds: as unusable as any other typo.
        throw bad(text);
      }
      if (end == 0 || end != t.length()) {
        throw bad(text);
      }
    }
    if (result.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' must not be negative");
    }
    return result;
  }

  /** An instant from an ISO timestamp (with offset) or a date (midnight UTC). */
  static Instant instant(String text) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a date (2026-11-22) or an ISO"
          + " time with offset (2026-11-22T10:00:00Z)");
    }
  }

  /**
   * The end of a period given as its last day or an instant: a plain date means the whole day
   * (up to the next midnight UTC), a timestamp itself.
   */
  static Instant endOf(String text) {
    Instant start = instant(text);
    return text.trim().length() == 10 ? start.plus(Duration.ofDays(1)) : start;
  }

  /** Short human form: {@code 3d}, {@code 2h}, {@code 5m}, {@code 40s}, {@code 1h30m}. */
  static String format(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 86_400) {
      long minutes = seconds / 60 % 60;
      return seconds / 3600 + "h" + (minutes == 0 ? "" : minutes + "m");
    }
    return seconds / 86_400 + "d";
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration such as 30m, 1h, "
        + "1h30m, 2d or PT1H");
  }
}
