package dev.baton.git.state.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.NotificationId;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where each kind of state lives in the tree of the state ref, and the reverse: what a path on
 * the ref means. The layout is described on {@code GitStateStore}. Stateless and thread-safe.
 */
public final class StateLayout {
  public static final String FORMAT_PATH = "FORMAT";
  public static final String FORMAT_LINE = "baton-state 1";

  public static final String PROMOTIONS = "promotions";
  public static final String KEYS = "keys";
  public static final String CLAIMS = "claims";
  public static final String OUTBOX = "outbox";
  public static final String PIPELINES = "pipelines";
  public static final String FREEZES = "freezes";
  public static final String BREAK_GLASS = "break-glass";

  private static final String JSON = ".json";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SESSION = Pattern.compile("([0-9]{6,9})(-[0-9A-Za-z]+)?");
  private static final DateTimeFormatter SESSION_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern OUTBOX_NAME = Pattern.compile("[A-Za-z0-9._~%-]{1,200}");
  // Encoded notification ids longer than this get a digest suffix so file names stay short.
  private static final int MAX_PLAIN_NAME = 120;

  private StateLayout() {}

  /** The kinds of file the state tree holds. */
  public enum Kind { FORMAT, PROMOTION, KEY, CLAIM, OUTBOX, PIPELINE, FREEZE, BREAK_GLASS }

  /**
   * A parsed path of the state tree.
   *
   * @param kind what the file holds
   * @param path the full path
   * @param project the project named by the path, or null
   * @param environment the environment named by the path, or null
   * @param name the remaining name component (promotion id, key digest, outbox or session file
   *     name without {@code .json}), or null
   */
  public record Location(Kind kind, String path, String project, String environment, String name) {}

  public static String promotionPath(PromotionId id) {
    return PROMOTIONS + "/" + fanOut(id) + "/" + id.value() + JSON;
  }

  public static String fanOut(PromotionId id) {
    return sha1Hex(id.value()).substring(0, 2);
  }

  public static String keyPath(ProjectId project, String idempotencyKey) {
    return KEYS + "/" + project.value() + "/" + sha1Hex(idempotencyKey);
  }

  public static String claimPath(ProjectId project, EnvironmentName environment) {
    return CLAIMS + "/" + project.value() + "/" + environment.value();
  }

  public static String outboxPath(NotificationId id) {
    return OUTBOX + "/" + outboxName(id) + JSON;
  }

  public static String pipelinePath(ProjectId project) {
    return PIPELINES + "/" + project.value() + JSON;
  }

  public static String freezePath(ProjectId project, EnvironmentName environment) {
    return FREEZES + "/" + project.value() + "/" + environment.value() + JSON;
  }

  public static String breakGlassDir(ProjectId project, EnvironmentName environment) {
    return BREAK_GLASS + "/" + project.value() + "/" + environment.value();
  }

  /** The file name (without {@code .json}) of a break-glass session: sequence, then start. */
  public static String sessionName(int sequence, Instant startedAt) {
    String stamp = SESSION_STAMP.format(startedAt);
    return String.format("%06d-%s", sequence, stamp);
  }

  /** The sequence number of a break-glass session file name, as checked by {@link #parse}. */
  public static int sessionSequence(String name) {
    var m = SESSION.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(name);
    }
    return Integer.parseInt(m.group(1));
  }

  /**
   * A file name for a notification id: letters, digits, '.', '_' and '-' stay, every other byte
   * of its UTF-8 form becomes {@code %XX} (a leading '.' too, so no name is hidden or special).
   * Long results keep a readable prefix and end in {@code ~} plus the SHA-1 of the id. Distinct
   * ids give distinct names.
   */
  public static String outboxName(NotificationId id) {
    byte[] bytes = id.value().getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '_' || b == '-' || (b == '.' && i > 0);
      if (plain) {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b));
      }
    }
    if (out.length() <= MAX_PLAIN_NAME) {
      return out.toString();
    }
    int cut = 80;
    // Never cut inside a %XX escape.
    while (cut > 0 && (out.charAt(cut - 1) == '%' || (cut > 1 && out.charAt(cut - 2) == '%'))) {
      cut--;
    }
    return out.substring(0, cut) + "~" + sha1Hex(id.value());
  }

  /**
   * What a path on the state ref means.
   *
   * @throws BatonException STORE_CORRUPT when the path is not part of the layout
   */
  public static Location parse(String path) {
    String[] p = path.split("/", -1);
    Location found = switch (p[0]) {
      case FORMAT_PATH -> p.length == 1 ? loc(Kind.FORMAT, path, null, null, null) : null;
      case PROMOTIONS -> p.length == 3 && FAN_OUT.matcher(p[1]).matches()
          ? jsonName(p[2]).filter(StateLayout::isName)
              .filter(n -> fanOut(PromotionId.of(n)).equals(p[1]))
              .map(n -> loc(Kind.PROMOTION, path, null, null, n)).orElse(null)
          : null;
      case KEYS -> p.length == 3 && isName(p[1]) && SHA1.matcher(p[2]).matches()
          ? loc(Kind.KEY, path, p[1], null, p[2]) : null;
      case CLAIMS -> p.length == 3 && isName(p[1]) && isName(p[2])
          ? loc(Kind.CLAIM, path, p[1], p[2], null) : null;
      case OUTBOX -> p.length == 2
          ? jsonName(p[1]).filter(n -> OUTBOX_NAME.matcher(n).matches())
              .map(n -> loc(Kind.OUTBOX, path, null, null, n)).orElse(null)
          : null;
      case PIPELINES -> p.length == 2
          ? jsonName(p[1]).filter(StateLayout::isName)
              .map(n -> loc(Kind.PIPELINE, path, n, null, null)).orElse(null)
          : null;
      case FREEZES -> p.length == 3 && isName(p[1])
          ? jsonName(p[2]).filter(StateLayout::isName)
              .map(n -> loc(Kind.FREEZE, path, p[1], n, null)).orElse(null)
          : null;
      case BREAK_GLASS -> p.length == 4 && isName(p[1]) && isName(p[2])
          ? jsonName(p[3]).filter(n -> SESSION.matcher(n).matches())
              .map(n -> loc(Kind.BREAK_GLASS, path, p[1], p[2], n)).orElse(null)
          : null;
      default -> null;
    };
    if (found == null) {
      throw corrupt(path, "is not part of the Baton state layout (foreign or misplaced file)");
    }
    return found;
  }

  public static BatonException corrupt(String path, String problem) {
    return new BatonException(ErrorCode.STORE_CORRUPT, "state file '" + path + "' " + problem);
  }

  public static String sha1Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** The content of the FORMAT file. */
  public static byte[] formatFile() {
    return (FORMAT_LINE + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The content of a key or claim file naming a promotion. */
  public static byte[] idFile(PromotionId id) {
    return (id.value() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isName(String s) {
    return NAME.matcher(s).matches() && !s.contains("..");
  }

  private static Optional<String> jsonName(String file) {
    return file.endsWith(JSON) && file.length() > JSON.length()
        ? Optional.of(file.substring(0, file.length() - JSON.length()))
        : Optional.empty();
  }

  private static Location loc(Kind kind, String path, String project, String env, String name) {
    return new Location(kind, path, project, env, name);
  }
}
