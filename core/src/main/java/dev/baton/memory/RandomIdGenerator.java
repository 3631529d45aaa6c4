package dev.baton.memory;

import dev.baton.spi.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.UUID;

/**
 * The production {@link IdGenerator}: the kind, a dash and a random (version 4) UUID, such as
 * {@code p-0f8e2c4a-9b1d-4e6f-8a2b-3c4d5e6f7a8b}. Unique across engines sharing a store without
 * any coordination, and safe as a Git ref component (hex digits and dashes only).
 *
 * <p>The 122 random bits of each UUID come from a {@link SecureRandom}, read 4 KiB at a time
 * instead of 16 bytes per id (each read takes a lock and mixes its output). The source is the
 * platform's {@code DRBG} (a NIST SP 800-90A deterministic random bit generator seeded from the
 * system's entropy source), not the default one {@link UUID#randomUUID()} uses: on Linux that is
 * {@code NativePRNG}, which reads {@code /dev/urandom} and mixes every byte with a SHA1PRNG's
 * output, about three times the CPU time of the DRBG for the same bytes (55 against 17 µs per
 * 4 KiB, one refill per 64 promotions). Both are cryptographically strong; a platform without
 * {@code DRBG} falls back to the default.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class RandomIdGenerator implements IdGenerator {
  // The kinds the engine asks for, all valid: checking them costs a regular expression per id.
  private static final Set<String> ENGINE_KINDS = Set.of("p", "r", "x", "baton");
  private static final int BUFFER = 4096;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final SecureRandom random = source();
  private final byte[] buffer = new byte[BUFFER];
  private int used = BUFFER;

  /**
   * A generator of random (version 4) UUIDs.
   *
   * @since 0.1
   */
  public RandomIdGenerator() {}

  /**
   * A new id of this kind.
   *
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a kind that is not
   *     empty or up to 26 characters safe in a Git ref name
   */
  @Override
  public String next(String kind) {
    if (kind == null || !ENGINE_KINDS.contains(kind)) {
      IdGenerator.checkKind(kind);
    }
    long most;
    long least;
    // only the bytes are read under the lock (one buffer for every thread); the id is spelled
    // outside it, from the halves of a version 4 UUID as UUID.randomUUID() makes it
    synchronized (buffer) {
      if (used == BUFFER) {
        random.nextBytes(buffer);
        used = 0;
      }
      long high = 0;
      long low = 0;
      for (int i = 0; i < 8; i++) {
        high = (high << 8) | (buffer[used + i] & 0xff);
        low = (low << 8) | (buffer[used + 8 + i] & 0xff);
      }
      used += 16;
      most = (high & ~0xF000L) | 0x4000L; // version 4
      least = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    }
    return spell(kind, most, least);
  }

  /**
   * {@code kind-} and the UUID of these two halves as {@link UUID#toString} spells it, written as
   * Latin-1 bytes, which the string copies as they are: the engine makes four ids per promotion,
   * and spelling them as chars made an array twice the size that the string then compressed into
   * bytes (and a {@code UUID} object per id besides). Kinds are ASCII ({@link
   * IdGenerator#checkKind}, or one of {@link #ENGINE_KINDS}), as the hex digits and dashes are,
   * so one byte per character spells them all.
   */
  static String spell(String kind, long most, long least) {
    int start = kind.isEmpty() ? 0 : kind.length() + 1;
    byte[] out = new byte[start + 36];
    for (int i = 0; i < kind.length(); i++) {
      out[i] = (byte) kind.charAt(i);
    }
    if (start > 0) {
      out[start - 1] = '-';
    }
    hex(out, start, most >>> 32, 8);
    out[start + 8] = '-';
    hex(out, start + 9, most >>> 16, 4);
    out[start + 13] = '-';
    hex(out, start + 14, most, 4);
    out[start + 18] = '-';
    hex(out, start + 19, least >>> 48, 4);
    out[start + 23] = '-';
    hex(out, start + 24, least, 12);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  // the low `digits` hex digits of `value`, most significant first
  private static void hex(byte[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  /** The platform's DRBG, or its default source where it has none. */
  private static SecureRandom source() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
