package dev.baton.git;

import dev.baton.model.UserId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The author of a promotion commit: the requester as Baton knows them, a {@link UserId}. A user
 * id that looks like an email address ({@code alice@example.com}) gives
 * {@code alice <alice@example.com>}; any other id ({@code alice}, {@code ci bot}) gives the id as
 * the name and {@code <id>@users.baton.invalid} as the email, where characters an email's local
 * part should not hold become '-' ({@code .invalid} is reserved, so the address can never reach
 * anyone). Characters Git forbids in an identity ({@code <}, {@code >}, control characters) are
 * dropped. Stateless.
 */
final class CommitIdentity {
  /** The domain of the made-up address of a user id that is not an email address. */
  static final String DOMAIN = "users.baton.invalid";

  private static final Pattern EMAIL = Pattern.compile("[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+");

  private CommitIdentity() {}

  /** The author identity of a commit for this requester at this time (UTC). */
  static PersonIdent author(UserId requester, Instant at) {
    String id = requester.value();
    String name;
    String email;
    if (EMAIL.matcher(id).matches()) {
      name = clean(id.substring(0, id.indexOf('@')));
      email = id;
    } else {
      name = clean(id);
      email = id.replaceAll("[^A-Za-z0-9._+-]", "-") + "@" + DOMAIN;
    }
    return new PersonIdent(name.isEmpty() ? "user" : name, email, at, ZoneOffset.UTC);
  }

  private static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().filter(c -> c != '<' && c != '>' && !Character.isISOControl(c))
        .forEach(out::appendCodePoint);
    return out.toString().strip();
  }
}
