package dev.baton.examples.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The PostgreSQL store that {@code --store} (or {@code BATON_STORE}) names:
 * {@code jdbc:postgresql://HOST:PORT/DB?user=NAME[&password=SECRET][&currentSchema=S]}. The user
 * and password are taken out of the URL handed to the driver, so that no message ever shows the
 * password; without {@code password=} it comes from {@value #PASSWORD_VARIABLE} (or is empty,
 * for servers that trust the connection). {@code currentSchema} names the schema Baton's tables
 * live in (default {@code public}). Immutable.
 *
 * @param jdbcUrl the URL for the driver, without user and password
 * @param user the database user
 * @param password the user's password (never printed)
 * @param schema the schema of Baton's tables
 */
record StoreUrl(String jdbcUrl, String user, String password, String schema) {
  /** The environment variable that sets the default of {@code --store}. */
  static final String STORE_VARIABLE = "BATON_STORE";
  /** The environment variable holding the password when the URL has none. */
  static final String PASSWORD_VARIABLE = "BATON_STORE_PASSWORD";
  private static final String PREFIX = "jdbc:postgresql:";

  /** Validates. */
  StoreUrl {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(schema, "schema");
  }

  /**
   * Parses the value of {@code --store}.
   *
   * @param text the URL as given
   * @param passwordVariable the value of {@value #PASSWORD_VARIABLE}, if set
   * @throws IllegalArgumentException saying what is wrong, without the password
   */
  static StoreUrl parse(String text, Optional<String> passwordVariable) {
    String value = text.strip();
    if (!value.startsWith(PREFIX + "//")) {
      throw new IllegalArgumentException("the store must be a PostgreSQL JDBC URL,"
          + " jdbc:postgresql://HOST:PORT/DB?user=NAME, was '" + redacted(value) + "'");
    }
    int query = value.indexOf('?');
    String base = query < 0 ? value : value.substring(0, query);
    if (base.length() <= (PREFIX + "//").length() || base.indexOf('@') >= 0) {
      throw new IllegalArgumentException("the store URL names no host (or holds user@host,"
          + " which PostgreSQL's driver does not read; use ?user=NAME): '" + redacted(value)
          + "'");
    }
    String user = null;
    String password = null;
    String schema = "public";
    List<String> kept = new ArrayList<>();
    if (query >= 0) {
      for (String parameter : value.substring(query + 1).split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int eq = parameter.indexOf('=');
        String name = eq < 0 ? parameter : parameter.substring(0, eq);
        String raw = eq < 0 ? "" : parameter.substring(eq + 1);
        switch (name) {
          case "user" -> user = decode(raw);
          case "password" -> password = decode(raw);
          case "currentSchema" -> {
            schema = decode(raw);
            kept.add(parameter);
          }
          default -> kept.add(parameter);
        }
      }
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("the store URL names no database user: add"
          + " ?user=NAME to '" + redacted(value) + "'");
    }
    if (schema.isEmpty() || schema.length() > 63) {
      throw new IllegalArgumentException("currentSchema has 1 to 63 characters in '"
          + redacted(value) + "'");
    }
    String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
    return new StoreUrl(url, user,
        Optional.ofNullable(password).or(() -> passwordVariable).orElse(""), schema);
  }

  /** The URL to show people: the driver's URL and the user, never the password. */
  String shown() {
    return jdbcUrl + (jdbcUrl.indexOf('?') < 0 ? "?" : "&") + "user=" + user;
  }

  @Override
  public String toString() {
    return shown();
  }

  /** The text with the value of any {@code password=} parameter replaced by {@code ***}. */
  static String redacted(String text) {
    return text.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }
}
