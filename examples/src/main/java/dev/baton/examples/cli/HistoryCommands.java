package dev.baton.examples.cli;

import dev.baton.InboxItem;
import dev.baton.http.json.JsonView;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The reads over many promotions: {@code history} and {@code inbox}. */
final class HistoryCommands {

  private HistoryCommands() {}

  /** {@code baton history}. */
  @Command(name = "history", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Lists the project's promotions, newest first, filtered and paged.")
  static final class History extends WorkspaceCommand {
    @Option(names = "--env", paramLabel = "ENV", description = "Only promotions into ENV.")
    String env;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
        description = "Only these statuses: ${COMPLETION-CANDIDATES} (repeat or comma-separate).")
    Set<PromotionStatus> statuses;

    @Option(names = "--requester", paramLabel = "USER", description = "Only USER's requests.")
    String requester;

    @Option(names = "--since", paramLabel = "WHEN",
        description = "Requested at or after WHEN: 2026-11-22 (UTC) or 2026-11-22T10:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN",
        description = "Requested before WHEN; a plain date includes that whole day (UTC).")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "At most N promotions (1-1000, default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
        description = "Skip the first N matches (default ${DEFAULT-VALUE}).")
    int offset;

    @Override
    Integer call(Workspace workspace, Output out) {
      if (limit < 1 || limit > 1000) {
        throw usage("--limit must be between 1 and 1000");
      }
      if (offset < 0) {
        throw usage("--offset must not be negative");
      }
      PromotionQuery query = PromotionQuery.of(workspace.project()).withPage(offset, limit);
      if (env != null) {
        query = query.withTarget(EnvironmentName.of(env));
      }
      if (statuses != null && !statuses.isEmpty()) {
        query = query.withStatuses(EnumSet.copyOf(statuses));
      }
      if (requester != null) {
        query = query.withRequester(UserId.of(requester));
      }
      if (since != null || until != null) {
        query = query.withRequestedBetween(since == null ? null : instant("--since", since, false),
            until == null ? null : instant("--until", until, true));
      }
      Page<Promotion> page = workspace.baton().promotions().history(query);
      if (out.json()) {
        out.json(JsonView.page(page));
        return 0;
      }
      if (page.items().isEmpty()) {
        out.line(page.total() == 0 ? "No promotions match." : "No promotions on this page ("
            + page.total() + " match).");
        return 0;
      }
      PromotionView.table(out, page.items(), Instant.now());
      if (page.offset() > 0 || page.hasMore()) {
        out.line("(" + (page.offset() + 1) + "-" + (page.offset() + page.items().size())
            + " of " + page.total() + (page.hasMore() ? "; next page: --offset "
            + (page.offset() + page.items().size()) : "") + ")");
      }
      return 0;
    }

    private Instant instant(String option, String text, boolean end) {
      try {
        return end ? Durations.endOf(text) : Durations.instant(text);
      } catch (IllegalArgumentException e) {
        throw usage(option + ": " + e.getMessage());
      }
    }
  }

  /** {@code baton inbox}. */
  @Command(name = "inbox", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Lists the pending promotions you may approve (not your own, not approved"
          + " by you yet), oldest first.")
  static final class Inbox extends WorkspaceCommand {
    @Override
    Integer call(Workspace workspace, Output out) {
      UserId user = user(workspace);
      List<InboxItem> items = workspace.baton().promotions().inbox(user);
      if (out.json()) {
        out.json(JsonView.list(items));
        return 0;
      }
      if (items.isEmpty()) {
        out.line("Nothing waits for " + user + ".");
        return 0;
      }
      Instant now = Instant.now();
      List<List<String>> rows = new ArrayList<>();
      for (InboxItem item : items) {
        Promotion p = item.promotion();
        rows.add(List.of(PromotionView.shortId(p.id()), p.project().value(),
            p.source() + " → " + p.target(), p.requester().value(),
            PromotionView.approvals(p), String.valueOf(item.approvalsMissing()),
            Durations.format(Duration.between(p.requestedAt(), now)),
            p.notes().lines().findFirst().orElse("")));
      }
      out.table(List.of("ID", "PROJECT", "SOURCE → TARGET", "REQUESTER", "APPROVALS", "MISSING",
          "AGE", "NOTES"), rows);
      for (InboxItem item : items) {
        PromotionView.approvedMoves(out, workspace.baton(), item.promotion());
      }
      return 0;
    }
  }
}
