package dev.baton.http.internal.console;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.baton.model.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sign-ins, held in this server's memory: a random session id (the cookie's value)
 * names the person who signed in with a token. The token itself is never kept. Sessions end when
 * the person signs out, after {@code idle} without a request, or when the server stops; they are
 * bounded in number, the least recently used going first. Also makes and checks the CSRF token
 * of every form: a MAC, under a key made at start-up, of who the form is for. Thread-safe.
 */
final class Sessions {
  private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();
  private final Cache<String, UserId> open;
  private final SecretKeySpec key;

  Sessions(Duration idle, long maximum) {
    this.open = CacheBuilder.newBuilder().expireAfterAccess(idle).maximumSize(maximum).build();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** A new session for this person; the answer is the cookie's value. */
  String open(UserId user) {
    String id = randomText();
    open.put(id, user);
    return id;
  }

  /** Who signed in with this session id, if it is open. */
  Optional<UserId> find(String id) {
    return id == null || id.isEmpty() ? Optional.empty()
        : Optional.ofNullable(open.getIfPresent(id));
  }

  /** Ends a session; a no-op for an unknown one. */
  void close(String id) {
    if (id != null) {
      open.invalidate(id);
    }
  }

  /** Thirty-two random bytes as URL-safe text. */
  String randomText() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return TEXT.encodeToString(bytes);
  }

  /** The CSRF token of forms shown to this principal (a session, or a person a proxy names). */
  String csrf(String principal) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return TEXT.encodeToString(mac.doFinal(principal.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Whether a form's token is this principal's, compared in constant time. */
  boolean csrfMatches(String principal, String token) {
    if (token == null) {
      return false;
    }
    return MessageDigest.isEqual(csrf(principal).getBytes(StandardCharsets.US_ASCII),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
