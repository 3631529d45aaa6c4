package dev.baton.examples.cli;

import dev.baton.git.state.GitStateStore;
import dev.baton.git.state.SyncResult;
import dev.baton.http.json.JsonView;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code baton state fetch|push|accept}: the durable state on {@code refs/baton/state}, shared
 * with a remote ({@code --remote}, default {@code origin}) or accepted after a rewrite.
 */
@Command(name = "state", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    // 'fetch', 'push' and 'accept' are added per invocation (Subcommands.GROUPS): picocli
    // builds every command an annotation names, and 'state push' needs only its own.
    description = {"Shares the state on refs/baton/state with a remote, or accepts a rewritten"
        + " ref.",
        "The global --remote NAME|URL (default: origin) names the remote; with any other command"
            + " it fetches before and pushes after."})
final class StateCommands implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The Git directory of the repository the global options name; a usage error when the state
   * is in PostgreSQL ({@code --store}): there is no state ref to share or accept.
   */
  private static Path gitDir(CliCommand command) {
    WorkspaceSettings settings = WorkspaceSettings.of(command.globals(), command.repoPath());
    if (settings.store().isPresent()) {
      throw command.usage("'baton state " + command.spec.name() + "' works on refs/baton/state,"
          + " but with --store (or " + StoreUrl.STORE_VARIABLE + ") promotions, pipelines and"
          + " freezes live in PostgreSQL (" + settings.store().get().shown() + "), which every"
          + " process shares already; run it without --store");
    }
    return Workspace.onRepository(settings,
        (repository, branch) -> repository.getDirectory().toPath());
  }

  private static String remote(CliCommand command) {
    return Optional.ofNullable(command.globals().remote).orElse("origin");
  }

  /** {@code baton state fetch}. */
  @Command(name = "fetch", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Fetches the remote's state. When both sides changed it, the local changes"
          + " are replayed onto the remote's with the store's compare-and-set rules; those that"
          + " lost (the remote changed the same promotion, claim or key first) are listed and"
          + " not applied. Push afterwards to share the result."})
  static final class Fetch extends CliCommand {
    @Override
    public Integer call() {
      Output out = output();
      String remote = remote(this);
      try (GitStateStore store = GitStateStore.open(gitDir(this))) {
        SyncResult result = store.fetch(remote);
        if (out.json()) {
          out.json(StateRemote.json(result, remote));
        } else {
          out.line(StateRemote.describe(result, remote).map(s -> s.replace("notice: ", ""))
              .orElse(result.outcome() == SyncResult.Outcome.NO_REMOTE_STATE
                  ? remote + " has no Baton state yet" : "already up to date with " + remote));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code baton state push}. */
  @Command(name = "push", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Pushes the state to the remote (a fast-forward; when another clone pushed"
          + " first, its state is fetched and merged, then pushed).")
  static final class Push extends CliCommand {
    @Override
    public Integer call() {
      Output out = output();
      String remote = remote(this);
      Path gitDir = gitDir(this);
      StateRemote.push(gitDir, remote, out);
      Optional<String> tip = StateRemote.tip(gitDir);
      if (out.json()) {
        out.json(JsonView.object("remote", remote, "pushed", tip));
      } else {
        out.line(tip.map(t -> "pushed " + GitStateStore.DEFAULT_REF + " (" + t.substring(0, 12)
            + ") to " + remote).orElse("no Baton state to push yet"));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code baton state accept}. */
  @Command(name = "accept", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Accepts the current tip of refs/baton/state after it was moved back or"
          + " rewritten on purpose (the repair for STATE_ROLLED_BACK when restoring the ref is"
          + " not wanted). What the newer commits recorded is no longer in the state; logged."})
  static final class Accept extends CliCommand {
    @Override
    public Integer call() {
      Output out = output();
      Path gitDir = gitDir(this);
      try (GitStateStore store = GitStateStore.builder(gitDir).acceptCurrentTip().build()) {
        Optional<String> tip = StateRemote.tip(gitDir);
        if (out.json()) {
          out.json(JsonView.object("accepted", tip));
        } else {
          out.line("accepted " + GitStateStore.DEFAULT_REF + " at " + tip.orElse("(none)")
              + " as the newest state");
        }
      }
      out.flush();
      return 0;
    }
  }
}
