package dev.baton.http;

import dev.baton.model.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link Authenticator}: {@code Authorization: Bearer TOKEN} against a fixed table of
 * tokens, each naming one person. Immutable and thread-safe.
 *
 * <p>The tokens file has one {@code TOKEN USER} pair per line, separated by spaces or tabs;
 * blank lines and lines starting with {@code #} are ignored:
 *
 * <pre>
 * # who may call baton serve
 * 3f1c9a0e5b7d4c2a  alice@example.com
 * 9b8e7d6c5a4f3e2d  bob@example.com
 * </pre>
 *
 * <p>A token is 16 to 512 printable ASCII characters without spaces; the same token twice is an
 * error. Every problem of the file is reported at once, when it is read. Tokens are compared in
 * constant time: a request's token is hashed (SHA-256) and compared with every known token's hash
 * without stopping at the first match, so the time an answer takes tells nothing about how much
 * of a token was right. Tokens are never logged nor shown.
 *
 * @since 0.2
 */
public final class BearerTokens implements Authenticator {
  private static final int MIN_TOKEN = 16;
  private static final int MAX_TOKEN = 512;

  private final List<byte[]> hashes;
  private final List<UserId> users;

  private BearerTokens(Map<String, UserId> tokens) {
    List<byte[]> h = new ArrayList<>();
    List<UserId> u = new ArrayList<>();
    tokens.forEach((token, user) -> {
      h.add(sha256(token));
      u.add(user);
    });
    this.hashes = List.copyOf(h);
    this.users = List.copyOf(u);
  }

  /**
   * Reads a tokens file.
   *
   * @param file the file, UTF-8, one {@code TOKEN USER} pair per line
   * @return the authenticator
   * @throws IllegalArgumentException listing every bad line (with its number), or when the file
   *     names no token at all
   * @throws UncheckedIOException when the file cannot be read
   * @since 0.2
   */
  public static BearerTokens fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokens file " + file + ": " + e, e);
    }
    return parse(text, file.toString());
  }

  /**
   * Reads the text of a tokens file.
   *
   * @param text one {@code TOKEN USER} pair per line
   * @param origin where the text comes from, for the error message
   * @return the authenticator
   * @throws IllegalArgumentException listing every bad line, or when the text names no token
   * @since 0.2
   */
  public static BearerTokens parse(String text, String origin) {
    Map<String, UserId> tokens = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("[ \t]+");
      String where = "line " + (i + 1) + ": ";
      if (parts.length != 2) {
        problems.add(where + "expected 'TOKEN USER', found " + parts.length
            + (parts.length == 1 ? " field" : " fields"));
        continue;
      }
      String problem = tokenProblem(parts[0]);
      if (problem != null) {
        problems.add(where + problem);
        continue;
      }
      UserId user;
      try {
        user = UserId.of(parts[1]);
      } catch (RuntimeException e) {
        problems.add(where + "bad user: " + e.getMessage());
        continue;
      }
      if (tokens.putIfAbsent(parts[0], user) != null) {
        problems.add(where + "this token is already listed on an earlier line");
      }
    }
    if (problems.isEmpty() && tokens.isEmpty()) {
      problems.add("no token: add a line 'TOKEN USER'");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad tokens file " + origin + ":\n  "
          + String.join("\n  ", problems));
    }
    return new BearerTokens(tokens);
  }

  /**
   * An authenticator for these tokens.
   *
   * @param tokens each token (16 to 512 printable ASCII characters, no spaces) with its person
   * @return the authenticator
   * @throws IllegalArgumentException for a bad token or an empty map
   * @since 0.2
   */
  public static BearerTokens of(Map<String, UserId> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("no token");
    }
    Set<String> bad = new HashSet<>();
    tokens.forEach((token, user) -> {
      if (tokenProblem(token) != null || user == null) {
        bad.add(tokenProblem(token) == null ? "a token without a user" : tokenProblem(token));
      }
    });
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("bad tokens: " + String.join("; ", bad));
    }
    return new BearerTokens(new LinkedHashMap<>(tokens));
  }

  /**
   * How many tokens this authenticator knows.
   *
   * @return the number of tokens
   * @since 0.2
   */
  public int size() {
    return users.size();
  }

  @Override
  public Optional<UserId> authenticate(HttpHeaders headers) {
    List<String> values = headers.allValues("Authorization");
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0);
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String token = value.substring(space + 1).strip();
    if (tokenProblem(token) != null) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    UserId found = null;
    for (int i = 0; i < hashes.size(); i++) {
      // no early exit: every token is compared, whichever matches
      if (MessageDigest.isEqual(hashes.get(i), presented)) {
        found = users.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  private static String tokenProblem(String token) {
    if (token.length() < MIN_TOKEN || token.length() > MAX_TOKEN) {
      return "a token has " + MIN_TOKEN + " to " + MAX_TOKEN + " characters, this one "
          + token.length();
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c > '~') {
        return "a token is printable ASCII without spaces";
      }
    }
    return null;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BearerTokens[" + users.size() + " tokens]";
  }
}
