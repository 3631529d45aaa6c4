package dev.baton.manifests;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders version strings where they can be ordered: {@code 1.4.2}, {@code v1.10.0},
 * {@code 2.0.0-rc.1}, {@code 1.4} (missing parts count as 0). Digests, commit hashes and other
 * tags have no order, so a promotion between them is never called a rollback by guessing.
 */
final class Versions {
  // numbers, then an optional pre-release after '-' and optional build metadata after '+'
  private static final Pattern VERSION = Pattern.compile(
      "v?(\\d{1,9}(?:\\.\\d{1,9}){0,3})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

  private Versions() {}

  /** Negative when {@code a} is older than {@code b}; empty when either has no order. */
  static Optional<Integer> compare(String a, String b) {
    Matcher ma = VERSION.matcher(a.strip());
    Matcher mb = VERSION.matcher(b.strip());
    if (!ma.matches() || !mb.matches()) {
      return Optional.empty();
    }
    String[] pa = ma.group(1).split("\\.");
    String[] pb = mb.group(1).split("\\.");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      long x = i < pa.length ? Long.parseLong(pa[i]) : 0;
      long y = i < pb.length ? Long.parseLong(pb[i]) : 0;
      if (x != y) {
        return Optional.of(Long.compare(x, y));
      }
    }
    String preA = ma.group(2);
    String preB = mb.group(2);
    if (preA == null || preB == null) {
      // a pre-release comes before its release
      return Optional.of(preA == null ? (preB == null ? 0 : 1) : -1);
    }
    return Optional.of(Integer.signum(preA.compareTo(preB)));
  }
}
