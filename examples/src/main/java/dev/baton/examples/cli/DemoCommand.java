package dev.baton.examples.cli;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton demo}: the whole story on a throw-away repository, with no setup. Creates the
 * sample repository, promotes dev to staging (automatic), previews and requests staging to
 * production, approves it twice (showing that a repeated approval is refused), deploys it, and
 * prints the release, the history and the promotion commits. With {@code --store} the
 * promotions, pipeline and freezes are kept in that PostgreSQL database (use a fresh database or
 * {@code currentSchema}: the demo's project is always {@code shop}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    description = {"Runs a tour of Baton on a new sample repository in a temporary folder"
        + " (or --dir): request, preview, approvals, refusal of a repeated approval, deploy,"
        + " history and the git log of the promotion commits.",
        "The repository is kept so that you can look at it with git and baton."})
final class DemoCommand extends CliCommand {
  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final UserId BOB = UserId.of("bob@example.com");
  private static final UserId CAROL = UserId.of("carol@example.com");

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Create the sample repository here (empty or missing) instead of a"
          + " temporary folder.")
  Path dir;

  private int step;

  @Override
  public Integer call() throws Exception {
    Output out = output();
    // Read before creating anything: a bad --store is a usage error with nothing left behind.
    Optional<StoreUrl> store = WorkspaceSettings.store(globals());
    Path folder = dir != null ? dir : Files.createTempDirectory("baton-demo-").resolve("shop");
    SampleRepository.create(folder, new PersonIdent("Platform Team", "platform@example.com"));
    Path shown = folder.toAbsolutePath().normalize();
    out.line(out.bold("Baton demo") + " on a new sample GitOps repository: " + shown);
    out.line("  envs/dev runs shop-api 1.4.0, envs/staging 1.3.2, envs/production 1.3.0");
    store.ifPresent(s -> out.line("  promotions, pipelines and freezes in PostgreSQL: "
        + s.shown()));
    out.line();
    try (Workspace workspace = Workspace.open(WorkspaceSettings.of(folder).withStore(store))) {
      try {
        tour(workspace, out);
      } finally {
        workspace.syncWorkTree().ifPresent(out::warn);
      }
    }
    out.line(out.bold("Look around:"));
    out.line("  cd " + shown);
    out.line("  git log --format='%h %s%n%(trailers:only,unfold)' main");
    if (store.isEmpty()) {
      out.line("  git log --oneline refs/baton/state   # Baton's own state, a commit per change");
      out.line("  java -jar baton.jar --repo " + shown + " history");
    } else {
      // The password is never printed: it comes from the environment again.
      out.line("  java -jar baton.jar --repo " + shown + " --store '" + store.get().shown()
          + "' history   # with " + StoreUrl.PASSWORD_VARIABLE + " set if it needs a password");
    }
    return 0;
  }


  private void tour(Workspace workspace, Output out) throws Exception {
    Baton baton = workspace.baton();
    String project = workspace.project().value();
    PipelineCommands.table(out, baton.pipelines().get(workspace.project()));

    heading(out, "alice promotes dev → staging; the transition needs no approval, so it"
        + " executes at once (a commit on main, then staging's deploy command)",
        "baton request --from dev --to staging --as " + ALICE);
    Promotion toStaging = baton.promotions().request(
        PromotionRequest.of(project, "dev", "staging", ALICE.value())
            .withNotes("shop-api 1.4.0: new checkout flow"));
    PromotionCommands.outcome(out, "Requested", toStaging);

    heading(out, "what would staging → production change?",
        "baton preview --from staging --to production");
    PreviewPrinter.print(out, baton.previews().preview(workspace.project(),
        EnvironmentName.of("staging"), EnvironmentName.of("production")), false);

    heading(out, "alice requests staging → production; it needs two approvals",
        "baton request --from staging --to production --notes '1.4.0 passed staging' --as "
            + ALICE);
    Promotion p = baton.promotions().request(
        PromotionRequest.of(project, "staging", "production", ALICE.value())
            .withNotes("1.4.0 passed staging"));
    PromotionCommands.outcome(out, "Requested", p);
    String id = PromotionView.shortId(p.id());

    heading(out, "bob approves (1 of 2)", "baton approve " + id + " --as " + BOB);
    p = baton.promotions().approve(p.id(), BOB, "checked the preview");
    PromotionCommands.outcome(out, "Approved", p);

    heading(out, "bob approves again: the same person counts once",
        "baton approve " + id + " --as " + BOB);
    try {
      baton.promotions().approve(p.id(), BOB, "again");
      out.line(out.red("  unexpected: the second approval was accepted"));
    } catch (BatonException e) {
      out.line("  " + out.red("refused: " + e.code() + " (HTTP " + e.httpStatus() + ")") + ": "
          + e.problems().get(0) + "   → exit code 3");
    }

    heading(out, "carol approves (2 of 2): the quorum is met and the promotion executes; "
        + "production is a manual stage, so the release waits for a deploy",
        "baton approve " + id + " --as " + CAROL);
    p = baton.promotions().approve(p.id(), CAROL, "ship it");
    PromotionCommands.outcome(out, "Approved", p);

    heading(out, "carol deploys the release (runs production's command from"
        + " .baton/deploy.yaml)", "baton deploy " + id + " --as " + CAROL);
    p = baton.promotions().deploy(p.id(), CAROL);
    PromotionCommands.outcome(out, "Deployed", p);

    heading(out, "the promotion, with its decisions, release and audit trail",
        "baton show " + id);
    PromotionView.detail(out, p, Instant.now());

    heading(out, "history", "baton history");
    PromotionView.table(out, baton.promotions().history(PromotionQuery.of(workspace.project()))
        .items(), Instant.now());

    heading(out, "the promotion commits on main, as git log shows them", "git log main");
    for (RevCommit commit : GitLog.promotionCommits(workspace.repository(), workspace.branch(),
        10)) {
      GitLog.print(out, commit);
    }
  }

  private void heading(Output out, String what, String command) {
    step++;
    out.line();
    StringBuilder line = new StringBuilder(step + ".");
    for (String word : what.split(" ")) {
      if (line.length() + 1 + word.length() > 90) {
        out.line(out.bold(line.toString()));
        line = new StringBuilder("  ");
      }
      line.append(' ').append(word);
    }
    out.line(out.bold(line.toString()));
    out.line(out.cyan("$ " + command));
  }
}
