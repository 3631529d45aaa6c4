package dev.baton.memory;

import dev.baton.model.BreakGlass;
import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionRule;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import dev.baton.testkit.SamplePromotions;
import dev.baton.testkit.random.Randomness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Random promotions without a claim, and queries to filter them with, for
 * {@link PackedPromotionProperties}.
 *
 * <p>The generator reaches every field: every status, decision kind, deploy state and scope
 * subset; every optional present and absent; Git commit ids (which pack as 20 bytes) beside
 * upper-case, mixed-case, 39- and 41-digit hex and other revisions; texts empty, ASCII, of 64 and
 * 65 chars (the short-text bound), Latin-1, beyond it, with a surrogate pair and with a lone
 * surrogate; instants at the epoch, before it, at {@link Instant#MIN} and {@link Instant#MAX}
 * with nanos 0 and 999,999,999; counts at varint bounds and {@code Integer.MAX_VALUE}; version 1
 * and {@code Long.MAX_VALUE}. {@link PromotionEdges} names every one of these edges, and the
 * round-trip test checks that every one was met.
 */
final class RandomPromotions {
  private static final Instant T0 = SamplePromotions.T0;
  private static final long MIN_SECOND = Instant.MIN.getEpochSecond();
  static final long MAX_SECOND = Instant.MAX.getEpochSecond();

  // few, so that promotions share them; "dev" is also a user and a text, so a number given to
  // one kind of value must not come back as another
  private static final List<String> NAMES = List.of("shop", "bank", "dev", "staging",
      "production", "a", "Z9", "A-1.b_c", "n".repeat(63));
  // legal ids; the e-mail-like ones are normalised when built (to alice@example.com and a@.)
  private static final List<String> USERS = List.of("alice", "bob", "dev", "Carol Example",
      "ALICE@EXAMPLE.COM.", "a@.", "élodie", "Ÿvonne", "Āda", "中文名", "😀 bot", "\uD800x",
      "u".repeat(200));
  private static final List<String> POOLED_TEXTS = List.of("requested", "looks good",
      "quorum met; MANUAL target", "dev", "é", "");
  // what random texts are made of: ASCII, controls, Latin-1 (a no-break space, é, ÿ and a C1
  // control), beyond Latin-1, a surrogate pair, and each half of one alone
  private static final List<String> PIECES = List.of("a", "Z", "7", "-", " ", "\n", "\t",
      "\u00a0", "é", "ÿ", "\u0080", "Ā", "中", "😀", "\uD800", "\uDFFF");
  // what an id may hold anywhere (Checks.id): no white space, no control character
  private static final List<String> ID_PIECES = List.of("a", "Z", "7", "-", "\u00a0", "é", "ÿ",
      "Ā", "中", "😀", "\uD800", "\uDFFF");
  private static final String ASCII = "abcxyzXYZ0189 .-_";
  private static final List<String> GLOBS = List.of("values.yaml", "*.yaml", "**/values.yaml",
      "config/", "a/?.json", "ä/中.yaml", "apps/**/deploy-*.yml");
  private static final List<PromotionRule> POOLED_RULES = List.of(
      PromotionRule.values("values.yaml", "$.image.tag"),
      PromotionRule.wholeFiles("config/", "config/secret.yaml"));

  /** Promotions packed by one codec, and queries to filter them with. */
  record QueryCase(List<Promotion> promotions, List<PromotionQuery> queries) {}

  private RandomPromotions() {}

  /** A promotion without a claim, every other field drawn. */
  static Promotion promotion(Randomness random) {
    Instant requestedAt = requestTime(random);
    return new Promotion(
        PromotionId.of("p-" + random.nextInt(0, 999_999)),
        ProjectId.of(name(random)),
        EnvironmentName.of(name(random)),
        EnvironmentName.of(name(random)),
        maybe(random, () -> revision(random)),
        user(random),
        text(random),
        maybe(random, () -> text(random)),
        count(random),
        random.nextBoolean(),
        scope(random),
        rules(random),
        maybe(random, () -> revision(random)),
        random.nextBoolean(),
        new ChangeSummary(count(random), count(random), count(random), count(random),
            count(random)),
        pick(random, PromotionStatus.values()),
        some(random, () -> new Decision(user(random), pick(random, DecisionKind.values()),
            text(random), eventTime(random, requestedAt))),
        some(random, () -> new StatusChange(
            maybe(random, () -> pick(random, PromotionStatus.values())),
            pick(random, PromotionStatus.values()), user(random),
            eventTime(random, requestedAt), text(random))),
        Optional.empty(),
        maybe(random, () -> release(random, requestedAt)),
        maybe(random, () -> breakGlass(random, requestedAt)),
        requestedAt,
        version(random));
  }

  static QueryCase queryCase(Randomness random) {
    List<Promotion> promotions = new ArrayList<>();
    for (int i = random.nextInt(1, 12); i > 0; i--) {
      promotions.add(promotion(random));
    }
    List<PromotionQuery> queries = new ArrayList<>();
    for (int i = random.nextInt(1, 10); i > 0; i--) {
      queries.add(query(random, promotions.get(random.nextInt(0, promotions.size() - 1))));
    }
    return new QueryCase(promotions, queries);
  }

  /** A query whose filters are absent, taken from {@code some} promotion, or drawn. */
  private static PromotionQuery query(Randomness random, Promotion some) {
    Set<PromotionStatus> statuses = EnumSet.noneOf(PromotionStatus.class);
    int bits = random.nextInt(0, 15);
    for (PromotionStatus status : PromotionStatus.values()) {
      if ((bits & 1 << status.ordinal()) != 0) {
        statuses.add(status);
      }
    }
    if (!statuses.isEmpty() && random.nextBoolean()) {
      statuses.add(some.status());
    }
    return new PromotionQuery(
        filter(random, some.project(), () -> ProjectId.of(name(random))),
        filter(random, random.nextBoolean() ? some.target() : some.source(),
            () -> EnvironmentName.of(name(random))),
        statuses,
        filter(random, some.requester(), () -> user(random)),
        filter(random, near(random, some.requestedAt()), () -> requestTime(random)),
        filter(random, near(random, some.requestedAt()), () -> requestTime(random)),
        random.nextInt(0, 7) == 0,
        random.nextInt(0, 100),
        random.nextInt(1, 1_000));
  }

  private static <T> Optional<T> filter(Randomness random, T fromPromotion, Supplier<T> drawn) {
    return switch (random.nextInt(0, 7)) {
      case 0, 1, 2, 3 -> Optional.empty();
      case 4, 5, 6 -> Optional.of(fromPromotion);
      default -> Optional.of(drawn.get());
    };
  }

  /** The instant itself or a nanosecond either side, for a query's bounds. */
  private static Instant near(Randomness random, Instant at) {
    return switch (random.nextInt(0, 2)) {
      case 0 -> at.equals(Instant.MIN) ? at : at.minusNanos(1);
      case 1 -> at.equals(Instant.MAX) ? at : at.plusNanos(1);
      default -> at;
    };
  }

  private static Release release(Randomness random, Instant requestedAt) {
    return new Release(ReleaseId.of(name(random)), revision(random),
        eventTime(random, requestedAt), pick(random, DeployState.values()), text(random),
        maybe(random, () -> eventTime(random, requestedAt)), maybe(random, () -> user(random)));
  }

  private static BreakGlass breakGlass(Randomness random, Instant requestedAt) {
    ProjectId project = ProjectId.of(name(random));
    EnvironmentName environment = EnvironmentName.of(name(random));
    UserId by = user(random);
    String reason = idText(random);
    Instant startedAt = eventTime(random, requestedAt);
    Instant until = eventTime(random, requestedAt);
    if (until.isBefore(startedAt)) {
      Instant swap = startedAt;
      startedAt = until;
      until = swap;
    }
    if (until.equals(startedAt)) {
      if (until.equals(Instant.MAX)) {
        startedAt = startedAt.minusNanos(1);
      } else {
        until = until.plusNanos(1);
      }
    }
    return new BreakGlass(project, environment, by, reason, startedAt, until);
  }

  /** A legal name: mostly one of a few, else random (no "..", at most 63 chars). */
  private static String name(Randomness random) {
    if (random.nextInt(0, 3) > 0) {
      return pick(random, NAMES);
    }
    StringBuilder name = new StringBuilder();
    name.append("aZ09".charAt(random.nextInt(0, 3)));
    for (int i = random.nextInt(0, 62); i > 0; i--) {
      name.append("abZ09._-".charAt(random.nextInt(0, 7)));
    }
    return name.toString().replace("..", ".a");
  }

  /** A legal user id: mostly one of a few (some normalised when built), else random. */
  private static UserId user(Randomness random) {
    return UserId.of(switch (random.nextInt(0, 5)) {
      case 0 -> "user-" + random.nextInt(0, 999);
      case 1 -> idText(random);
      default -> pick(random, USERS);
    });
  }

  private static Revision revision(Randomness random) {
    return Revision.of(switch (random.nextInt(0, 9)) {
      case 0, 1, 2 -> hex(random, 40);
      case 3 -> hex(random, 40).toUpperCase(Locale.ROOT);
      // one letter upper-cased, the rest lower-case: not a commit id as unpacking spells it
      case 4 -> "A" + hex(random, 39);
      case 5 -> hex(random, 39);
      case 6 -> hex(random, 41);
      case 7 -> "g" + hex(random, 39);
      default -> idText(random);
    });
  }

  private static String hex(Randomness random, int length) {
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append("0123456789abcdef".charAt(random.nextInt(0, 15)));
    }
    return hex.toString();
  }

  /** Free text, as notes, comments, reasons, deploy messages and idempotency keys are. */
  private static String text(Randomness random) {
    return switch (random.nextInt(0, 10)) {
      case 0 -> "";
      case 1 -> ascii(random, random.nextInt(1, 20));
      case 2 -> ascii(random, random.nextBoolean() ? 64 : 65);
      case 3 -> pieces(random, PIECES, 64);
      case 4 -> pieces(random, PIECES, 65);
      case 5 -> "café " + ascii(random, random.nextInt(0, 5)) + " ÿ";
      case 6 -> "Ā " + ascii(random, random.nextInt(0, 5)) + " 中 😀";
      case 7 -> pick(random, List.of("\uD800", "x\uDBFFy", ascii(random, 3) + "\uDC00"));
      case 8 -> pick(random, POOLED_TEXTS);
      default -> pieces(random, PIECES, random.nextInt(0, 300));
    };
  }

  /** Text that Checks.id accepts (1-200 chars, no surrounding white space, no controls). */
  private static String idText(Randomness random) {
    int length = switch (random.nextInt(0, 6)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> 64;
      case 3 -> 65;
      case 4 -> 200;
      default -> random.nextInt(2, 120);
    };
    if (length == 0) {
      return random.nextBoolean() ? "hotfix" : "mem-" + random.nextInt(0, 99);
    }
    StringBuilder id = new StringBuilder(pieces(random, ID_PIECES, length));
    if (length >= 3 && random.nextBoolean()) {
      id.setCharAt(length / 2, ' ');
    }
    return id.toString();
  }

  private static String ascii(Randomness random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ASCII.charAt(random.nextInt(0, ASCII.length() - 1)));
    }
    return text.toString();
  }

  /** Pieces drawn until there are {@code length} chars, the last one cut if it is too long. */
  private static String pieces(Randomness random, List<String> pieces, int length) {
    StringBuilder text = new StringBuilder(length + 1);
    while (text.length() < length) {
      text.append(pick(random, pieces));
    }
    text.setLength(length);
    return text.toString();
  }

  private static Instant requestTime(Randomness random) {
    return edgeOr(random, () -> Instant.ofEpochSecond(T0.getEpochSecond()
        + random.nextInt(-10_000_000, 10_000_000), nanos(random)));
  }

  /** When something happened to a promotion: mostly near its request, sometimes far. */
  private static Instant eventTime(Randomness random, Instant requestedAt) {
    return edgeOr(random, () -> Instant.ofEpochSecond(Math.max(MIN_SECOND, Math.min(MAX_SECOND,
        requestedAt.getEpochSecond() + random.nextInt(-1_000_000, 1_000_000))),
        nanos(random)));
  }

  /**
   * An edge of time four times in nine (the epoch, before it, each end of {@link Instant}'s
   * range), anywhere once in nine, else the usual instant.
   */
  private static Instant edgeOr(Randomness random, Supplier<Instant> usual) {
    return switch (random.nextInt(0, 9)) {
      case 0 -> Instant.EPOCH;
      case 1 -> Instant.ofEpochSecond(-random.nextInt(1, Integer.MAX_VALUE), nanos(random));
      case 2 -> Instant.MIN;
      case 3 -> Instant.MAX;
      case 4 -> anywhere(random);
      default -> usual.get();
    };
  }

  private static Instant anywhere(Randomness random) {
    return Instant.ofEpochSecond(
        MIN_SECOND + Math.floorMod(random.nextLong(), MAX_SECOND - MIN_SECOND + 1),
        nanos(random));
  }

  private static int nanos(Randomness random) {
    return switch (random.nextInt(0, 3)) {
      case 0 -> 0;
      case 1 -> 999_999_999;
      default -> random.nextInt(0, 999_999_999);
    };
  }

  /** A count at a varint bound, at the int's top, or anywhere. */
  private static int count(Randomness random) {
    return switch (random.nextInt(0, 7)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> 127;
      case 3 -> 128;
      case 4 -> 16_384;
      case 5 -> Integer.MAX_VALUE;
      default -> random.nextInt(0, Integer.MAX_VALUE);
    };
  }

  private static long version(Randomness random) {
    return switch (random.nextInt(0, 5)) {
      case 0, 1 -> 1;
      case 2 -> 128;
      case 3 -> Long.MAX_VALUE;
      default -> Math.max(1, random.nextLong() >>> random.nextInt(1, 62));
    };
  }

  private static Set<PromotableProperty> scope(Randomness random) {
    int bits = random.nextInt(0, (1 << PromotableProperty.values().length) - 1);
    Set<PromotableProperty> scope = EnumSet.noneOf(PromotableProperty.class);
    for (PromotableProperty property : PromotableProperty.values()) {
      if ((bits & 1 << property.ordinal()) != 0) {
        scope.add(property);
      }
    }
    return scope;
  }

  private static List<PromotionRule> rules(Randomness random) {
    return switch (random.nextInt(0, 3)) {
      case 0 -> List.of();
      case 1 -> POOLED_RULES;
      default -> some(random, () -> new PromotionRule(pick(random, GLOBS),
          random.nextBoolean() ? List.of() : List.of("$.image.tag", "$['é']", "$" + text(random)),
          random.nextBoolean() ? List.of() : List.of(pick(random, GLOBS))));
    };
  }

  /** None, one or several (up to six). */
  private static <T> List<T> some(Randomness random, Supplier<T> element) {
    int size = switch (random.nextInt(0, 2)) {
      case 0 -> 0;
      case 1 -> 1;
      default -> random.nextInt(2, 6);
    };
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.get());
    }
    return list;
  }

  private static <T> Optional<T> maybe(Randomness random, Supplier<T> value) {
    return random.nextBoolean() ? Optional.of(value.get()) : Optional.empty();
  }

  private static <T> T pick(Randomness random, T[] values) {
    return values[random.nextInt(0, values.length - 1)];
  }

  private static <T> T pick(Randomness random, List<T> values) {
    return values.get(random.nextInt(0, values.size() - 1));
  }
}
