package dev.baton.examples.cli;

import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.http.json.JsonView;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.StatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The promotion verbs: request, approve, reject, withdraw, deploy, resume, show and recover.
 * Each prints the promotion afterwards (its JSON with {@code --json}) and what can happen next.
 */
final class PromotionCommands {

  private PromotionCommands() {}

  /** {@code baton request --from X --to Y}. */
  @Command(name = "request", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Requests a promotion of one environment's configuration into another.",
          "A transition that needs no approvals executes at once."})
  static final class Request extends WorkspaceCommand {
    @Option(names = "--from", required = true, paramLabel = "ENV",
        description = "The environment whose configuration moves.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV",
        description = "The environment that receives it.")
    String to;

    @Option(names = "--notes", paramLabel = "TEXT", description = "Notes for the approvers.")
    String notes;

    @Option(names = "--key", paramLabel = "IDEMPOTENCY_KEY",
        description = "Asking again with the same key returns the first promotion.")
    String key;

    @Option(names = "--rollback", description = "Allow moving versions backwards on purpose"
        + " (needs the rollback permission; recorded in history and the commit).")
    boolean rollback;

    @Override
    Integer call(Workspace workspace, Output out) {
      PromotionRequest request = new PromotionRequest(workspace.project(),
          EnvironmentName.of(from), EnvironmentName.of(to), user(workspace),
          notes == null ? "" : notes, Optional.ofNullable(key), rollback);
      workspace.requireValidDeployFile();
      // A stage folder that has gone since the pipeline was stored refuses the request.
      workspace.baton().pipelines().check(
          workspace.baton().pipelines().get(workspace.project()));
      Promotion p = workspace.baton().promotions().request(request);
      return outcome(out, "Requested", p);
    }
  }

  /** A command on one promotion, named by its id or a unique prefix of it. */
  abstract static class OnePromotionCommand extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The promotion id or a unique"
        + " prefix of it.")
    String id;

    /** The promotion the ID names, resolved against the workspace's state. */
    PromotionId promotion(Workspace workspace) {
      return Ids.resolve(workspace.state(), id);
    }
  }

  /** {@code baton approve ID}. */
  @Command(name = "approve", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Approves a pending promotion.",
          "The approval that meets the quorum executes it: the target's files are committed and,"
              + " for a direct stage, deployed."})
  static final class Approve extends OnePromotionCommand {
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why you approve.")
    String comment;

    @Override
    Integer call(Workspace workspace, Output out) {
      PromotionId resolved = promotion(workspace);
      workspace.requireValidDeployFile();
      Promotion p = workspace.baton().promotions().approve(resolved, user(workspace), comment);
      return outcome(out, "Approved", p);
    }
  }

  /** {@code baton reject ID --comment TEXT}. */
  @Command(name = "reject", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Rejects a pending promotion; it ends REJECTED.")
  static final class Reject extends OnePromotionCommand {
    @Option(names = "--comment", required = true, paramLabel = "TEXT",
        description = "Why you reject it (the requester is told).")
    String comment;

    @Override
    Integer call(Workspace workspace, Output out) {
      PromotionId resolved = promotion(workspace);
      Promotion p = workspace.baton().promotions().reject(resolved, user(workspace), comment);
      return outcome(out, "Rejected", p);
    }
  }

  /** {@code baton withdraw ID}. */
  @Command(name = "withdraw", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Withdraws your own pending promotion; it ends REJECTED, marked withdrawn.")
  static final class Withdraw extends OnePromotionCommand {
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
    String comment;

    @Override
    Integer call(Workspace workspace, Output out) {
      PromotionId resolved = promotion(workspace);
      Promotion p = workspace.baton().promotions().withdraw(resolved, user(workspace), comment);
      return outcome(out, "Withdrew", p);
    }
  }

  /** {@code baton deploy ID}. */
  @Command(name = "deploy", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Deploys the release of a PENDING_RELEASE promotion: runs the target's"
          + " command from .baton/deploy.yaml.",
          "Refused with ENVIRONMENT_FROZEN while the target is frozen (see break-glass)."})
  static final class Deploy extends OnePromotionCommand {
    @Override
    Integer call(Workspace workspace, Output out) {
      PromotionId resolved = promotion(workspace);
      workspace.requireValidDeployFile();
      Promotion p = workspace.baton().promotions().deploy(resolved, user(workspace));
      return outcome(out, "Deployed", p);
    }
  }

  /** {@code baton resume ID}. */
  @Command(name = "resume", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Executes a promotion whose approvals are complete but whose execution"
          + " failed or had to wait (another promotion was executing into the target).",
          "An execution a killed process left half-way is 'baton recover''s: see its advice."})
  static final class Resume extends OnePromotionCommand {
    @Override
    Integer call(Workspace workspace, Output out) {
      PromotionId resolved = promotion(workspace);
      workspace.requireValidDeployFile();
      Promotion p = workspace.baton().promotions().resume(resolved, user(workspace));
      return outcome(out, "Resumed", p);
    }
  }

  /** {@code baton show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Shows everything about one promotion: decisions, release, history.")
  static final class Show extends OnePromotionCommand {
    @Override
    Integer call(Workspace workspace, Output out) {
      Promotion p = workspace.baton().promotions().get(promotion(workspace));
      if (out.json()) {
        out.json(p);
      } else {
        PromotionView.detail(out, p, Instant.now());
        PromotionView.approvedMoves(out, workspace.baton(), p);
      }
      return 0;
    }
  }

  /** {@code baton recover}. */
  @Command(name = "recover", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Finishes executions that a crashed or killed baton left half-way (the"
          + " Git write, the release, the deploy).",
          "An execution counts as abandoned once its claim was not renewed for --older-than"
              + " (a running baton renews its claims every third of the claim lease, however"
              + " long its deploy takes). A deploy that was running is recorded INTERRUPTED,"
              + " never started again: 'baton deploy' retries it.",
          "It first removes lock files (refs/baton/state.lock, the branch's, .git/index.lock)"
              + " older than --older-than, which a killed process leaves behind."})
  static final class Recover extends WorkspaceCommand {
    @Option(names = "--older-than", paramLabel = "DURATION",
        defaultValue = "${env:BATON_CLAIM_LEASE:-10m}",
        description = "Take over claims not renewed for this long, and remove lock files older"
            + " than this (default: the claim lease, BATON_CLAIM_LEASE or 10m; 0s: all of"
            + " them, when no baton process is running).")
    String olderThan;

    @Override
    public Integer call() throws Exception {
      Duration lease;
      try {
        lease = Durations.parseAllowingZero(olderThan);
      } catch (IllegalArgumentException e) {
        throw usage("--older-than: " + e.getMessage());
      }
      this.lease = lease;
      // The engine keeps the claim lease for its own claims' renewal; --older-than only says
      // which claims of others it takes over.
      WorkspaceSettings settings = WorkspaceSettings.of(globals(), repoPath());
      // Stale ref locks first: with one left, no execution could be finished.
      List<String> locks = Workspace.onRepository(settings, (repository, branch) ->
          StaleLocks.removeOlderThan(repository, branch, lease, Instant.now()));
      Output out = output();
      locks.forEach(out.json() ? out::warn : out::line);
      out.flush();
      return run(settings);
    }

    private Duration lease;

    @Override
    Integer call(Workspace workspace, Output out) {
      workspace.requireValidDeployFile();
      List<Promotion> moved = workspace.baton().promotions().recover(lease);
      if (out.json()) {
        out.json(JsonView.list(moved));
      } else if (moved.isEmpty()) {
        out.line("Nothing to recover.");
        // Executions whose claim is still fresh: say when this command will take them over.
        claimAdvice(workspace, lease).forEach(l -> out.line("  " + l));
      } else {
        out.line("Recovered " + moved.size() + " promotion(s):");
        moved.forEach(p -> out.line("  " + PromotionView.oneLine(p)));
      }
      return 0;
    }
  }

  /**
   * For each execution still claimed (a running process's, which renews its claim, or a killed
   * one's whose claim was renewed less than {@code lease} ago): when {@code baton recover} takes
   * it over, and how to do it now.
   */
  static List<String> claimAdvice(Workspace workspace, Duration lease) {
    List<String> advice = new ArrayList<>();
    for (Promotion p : workspace.state().query(PromotionQuery.executing()).items()) {
      ExecutionClaim claim = p.claim().orElseThrow();
      advice.add(PromotionView.shortId(p.id()) + " (" + p.source() + " → " + p.target()
          + ") is executing, step " + claim.step() + ", claimed by " + claim.owner() + " at "
          + PromotionView.time(claim.since()) + ", renewed at "
          + PromotionView.time(claim.renewedAt()) + ". 'baton recover' takes it over from "
          + PromotionView.time(claim.staleFrom(lease)) + " on if it is not renewed again"
          + " (claims not renewed for " + Durations.format(lease) + "); if no baton process is"
          + " running it any more, 'baton recover --older-than 0s' does now.");
    }
    return advice;
  }

  /** The refusal with {@link #claimAdvice} as its problems, when there is advice to give. */
  static BatonException withClaimAdvice(BatonException e, Workspace workspace, Duration lease) {
    List<String> advice = claimAdvice(workspace, lease);
    if (advice.isEmpty()) {
      return e;
    }
    List<String> problems = new ArrayList<>(e.problems());
    problems.addAll(advice);
    String prefix = e.code() + ": ";
    String message = e.getMessage().startsWith(prefix)
        ? e.getMessage().substring(prefix.length()) : e.getMessage();
    return new BatonException(e.code(), message, problems, e);
  }

  /** Prints a promotion after a verb, with what can happen next; returns exit code 0. */
  static int outcome(Output out, String verb, Promotion p) {
    if (out.json()) {
      out.json(p);
      return 0;
    }
    out.line(verb + " " + p.id() + ": " + p.source() + " → " + p.target());
    String status = p.status().toString();
    if (p.status() == PromotionStatus.PENDING_APPROVAL) {
      status += ", approvals " + PromotionView.approvals(p);
    }
    if (p.withdrawn()) {
      status += " (withdrawn)";
    }
    out.line("  status:   " + statusColour(out, p.status(), status));
    if (p.status() == PromotionStatus.PENDING_RELEASE || p.status() == PromotionStatus.REJECTED) {
      p.history().stream().reduce((a, b) -> b).map(StatusChange::reason)
          .filter(r -> !r.isEmpty())
          .ifPresent(r -> out.line("  why:      " + r));
    }
    p.release().ifPresent(r -> {
      out.line("  release:  " + r.id() + " at commit " + PromotionView.abbreviate(
          r.revision().value()) + ", deploy " + r.deployState());
      if (!r.deployMessage().isEmpty()) {
        r.deployMessage().lines().forEach(l -> out.line("    | " + l));
      }
    });
    String shortId = PromotionView.shortId(p.id());
    switch (p.status()) {
      case PENDING_APPROVAL -> out.line("  next:     baton approve " + shortId + "   ("
          + (p.requiredApprovals() - p.countingApprovals()) + " more approval(s) needed)");
      case PENDING_RELEASE -> out.line("  next:     baton deploy " + shortId);
      default -> { }
    }
    return 0;
  }

  private static String statusColour(Output out, PromotionStatus status, String text) {
    return switch (status) {
      case COMPLETED -> out.green(text);
      case REJECTED -> out.red(text);
      default -> out.yellow(text);
    };
  }
}
