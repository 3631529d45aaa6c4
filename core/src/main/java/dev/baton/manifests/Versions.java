package dev.baton.manifests;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Orders version strings where they can be ordered: {@code 1.4.2}, {@code v1.10.0},
 * {@code 2.0.0-rc.1}, {@code 1.4} (missing parts count as 0). Digests, commit hashes and other
 * tags have no order, so a promotion between them is never called a rollback by guessing.
 */
final class Versions {
  /**
   * What a version is: numbers, then an optional pre-release after '-' and optional build
   * metadata after '+'. {@link #parse} reads it by hand (every moving version is compared);
   * HandWrittenMatchersProperties checks that both agree.
   */
  static final Pattern VERSION = Pattern.compile(
      "v?(\\d{1,9}(?:\\.\\d{1,9}){0,3})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

  private Versions() {}

  /** Negative when {@code a} is older than {@code b}; empty when either has no order. */
  static Optional<Integer> compare(String a, String b) {
    Version va = parse(a.strip());
    Version vb = va == null ? null : parse(b.strip());
    if (va == null || vb == null) {
      return Optional.empty();
    }
    for (int i = 0; i < Math.max(va.count, vb.count); i++) {
      long x = i < va.count ? va.numbers[i] : 0;
      long y = i < vb.count ? vb.numbers[i] : 0;
      if (x != y) {
        return Optional.of(Long.compare(x, y));
      }
    }
    String preA = va.pre;
    String preB = vb.pre;
    if (preA == null || preB == null) {
      // a pre-release comes before its release
      return Optional.of(preA == null ? (preB == null ? 0 : 1) : -1);
    }
    return Optional.of(Integer.signum(preA.compareTo(preB)));
  }

  /** The numbers (1 to 4) and pre-release of a version; null when it is none. */
  record Version(long[] numbers, int count, String pre) {}

  /** {@code text} read as {@link #VERSION} matches it whole; null when it does not. */
  static Version parse(String text) {
    int n = text.length();
    int i = text.startsWith("v") ? 1 : 0;
    long[] numbers = new long[4];
    int count = 0;
    while (true) {
      int start = i;
      long number = 0;
      while (i < n && isDigit(text.charAt(i))) {
        number = number * 10 + (text.charAt(i) - '0');
        i++;
      }
      if (i == start || i - start > 9) {
        return null;
      }
      numbers[count++] = number;
      if (i < n && text.charAt(i) == '.') {
        if (count == 4) {
          return null;
        }
        i++;
      } else {
        break;
      }
    }
    String pre = null;
    if (i < n && text.charAt(i) == '-') {
      int start = ++i;
      i = skipIdentifier(text, i);
      if (i == start) {
        return null;
      }
      pre = text.substring(start, i);
    }
    if (i < n && text.charAt(i) == '+') {
      int start = ++i;
      i = skipIdentifier(text, i);
      if (i == start) {
        return null;
      }
    }
    return i == n ? new Version(numbers, count, pre) : null;
  }

  private static int skipIdentifier(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (!(isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.'
          || c == '-')) {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
