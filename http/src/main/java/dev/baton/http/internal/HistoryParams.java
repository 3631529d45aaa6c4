package dev.baton.http.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The history filters and paging as query parameters, shared by the API's list route and the
 * console's history page so that a link copied from one works in the other: {@code env},
 * {@code status} (repeated or comma-separated), {@code requester}, {@code since} and
 * {@code until} (a date, or an instant), {@code offset} and {@code limit}. Stateless.
 */
public final class HistoryParams {
  /** The page size when {@code limit} is absent. */
  public static final int DEFAULT_LIMIT = 20;

  private HistoryParams() {}

  /**
   * The query these parameters ask for.
   *
   * @param project the project whose history is read
   * @param params a parameter's values by name (empty when absent)
   * @return the query
   * @throws BatonException INVALID_ARGUMENT naming every malformed parameter
   */
  public static PromotionQuery parse(ProjectId project, Function<String, List<String>> params) {
    PromotionQuery query = PromotionQuery.of(project);
    List<String> problems = new ArrayList<>();
    String env = first(params, "env");
    if (env != null) {
      try {
        query = query.withTarget(EnvironmentName.of(env));
      } catch (BatonException e) {
        problems.add("env: " + e.getMessage());
      }
    }
    Set<PromotionStatus> statuses = EnumSet.noneOf(PromotionStatus.class);
    for (String value : params.apply("status")) {
      for (String one : value.split(",")) {
        if (one.isBlank()) {
          continue; // an empty select in a form means "any"
        }
        try {
          statuses.add(PromotionStatus.valueOf(one.strip().toUpperCase(Locale.ROOT)
              .replace(' ', '_').replace('-', '_')));
        } catch (IllegalArgumentException e) {
          problems.add("status: '" + one.strip() + "' is not one of "
              + EnumSet.allOf(PromotionStatus.class));
        }
      }
    }
    query = query.withStatuses(statuses);
    String requester = first(params, "requester");
    if (requester != null) {
      try {
        query = query.withRequester(UserId.of(requester));
      } catch (BatonException e) {
        problems.add("requester: " + e.getMessage());
      }
    }
    Instant since = instant(first(params, "since"), "since", false, problems);
    Instant until = instant(first(params, "until"), "until", true, problems);
    int offset = integer(first(params, "offset"), "offset", 0, problems);
    int limit = integer(first(params, "limit"), "limit", DEFAULT_LIMIT, problems);
    if (!problems.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, String.join("; ", problems),
          problems, null);
    }
    return query.withRequestedBetween(since, until).withPage(offset, limit);
  }

  /** The first value, or null when the parameter is absent or blank (a form's empty field). */
  private static String first(Function<String, List<String>> params, String name) {
    List<String> values = params.apply(name);
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
  }

  private static Instant instant(String text, String name, boolean end, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeException e) {
      problems.add(name + ": '" + text + "' is neither a date (2026-12-27) nor an instant"
          + " (2026-12-27T08:00:00Z)");
      return null;
    }
  }

  private static int integer(String text, String name, int fallback, List<String> problems) {
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      problems.add(name + ": '" + text + "' is not a whole number");
      return fallback;
    }
  }
}
