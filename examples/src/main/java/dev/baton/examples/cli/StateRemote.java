package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.GitStateStore;
import dev.baton.git.state.SyncResult;
import dev.baton.http.json.JsonView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Ref;

/**
 * Shares {@code refs/baton/state} with a remote around a command ({@code --remote}): fetches
 * (merging diverged state) before it, and pushes after it (a no-op when the remote has it all),
 * fetching again when another clone pushed in between. Stateless.
 */
final class StateRemote {
  /** How often a push that lost to another clone's push is retried after a fetch. */
  private static final int PUSH_ATTEMPTS = 5;

  private StateRemote() {}

  /**
   * Runs {@code command} between a fetch from and a push to {@code remote}. A failure of the
   * push after a failed command is added to that failure, not raised instead of it.
   *
   * @throws BatonException BACKEND_FAILURE when the remote cannot be reached, STATE_ROLLED_BACK
   *     and STORE_CORRUPT as the store refuses them
   */
  static Integer around(WorkspaceSettings settings, String remote, Output out,
      Callable<Integer> command) throws Exception {
    Path gitDir = Workspace.onRepository(settings, (r, b) -> r.getDirectory().toPath());
    try (GitStateStore store = GitStateStore.open(gitDir)) {
      describe(store.fetch(remote), remote).ifPresent(out::warn);
    }
    Integer code = null;
    Exception failure = null;
    try {
      code = command.call();
    } catch (Exception e) {
      failure = e;
    }
    try {
      // Also when only the fetch merged, or earlier commands wrote without --remote: a push
      // that has nothing new is a no-op.
      push(gitDir, remote, out);
    } catch (BatonException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
    if (failure != null) {
      throw failure;
    }
    return code;
  }

  /** Pushes the state, fetching (and merging) first whenever another clone pushed before. */
  static void push(Path gitDir, String remote, Output out) {
    try (GitStateStore store = GitStateStore.open(gitDir)) {
      for (int attempt = 1; ; attempt++) {
        try {
          store.push(remote);
          return;
        } catch (BatonException e) {
          if (e.code() != ErrorCode.WRITE_CONFLICT || attempt >= PUSH_ATTEMPTS) {
            throw e;
          }
          describe(store.fetch(remote), remote).ifPresent(out::warn);
        }
      }
    }
  }

  /** A line for people about a fetch that changed something, with every refused change. */
  static Optional<String> describe(SyncResult result, String remote) {
    return switch (result.outcome()) {
      case NO_REMOTE_STATE, UP_TO_DATE -> Optional.empty();
      case FAST_FORWARDED -> Optional.of("notice: fetched Baton state from " + remote
          + " (now at " + abbreviate(result.after()) + ")");
      case MERGED -> {
        StringBuilder text = new StringBuilder("notice: merged Baton state from " + remote
            + ": replayed " + result.replayed().size() + " local change(s) onto it");
        if (!result.refused().isEmpty()) {
          text.append("; ").append(result.refused().size()).append(" local change(s) were"
              + " NOT applied because ").append(remote).append(" changed the same state first:");
          result.refused().forEach(c -> text.append("\n  ").append(c.commit()).append(' ')
              .append(c.description()).append(" (").append(c.reason()).append(')'));
        }
        yield Optional.of(text.toString());
      }
    };
  }

  /** The result as JSON-ready data. */
  static Map<String, Object> json(SyncResult result, String remote) {
    return JsonView.object("remote", remote, "outcome", result.outcome(),
        "before", result.before(), "after", result.after(), "replayed", result.replayed(),
        "refused", result.refused());
  }

  /** The commit {@code refs/baton/state} points at, if it exists. */
  static Optional<String> tip(Path gitDir) {
    return Workspace.onRepository(WorkspaceSettings.of(gitDir), (repository, branch) -> {
      try {
        Ref ref = repository.exactRef(GitStateStore.DEFAULT_REF);
        return Optional.ofNullable(ref).map(r -> r.getObjectId().name());
      } catch (IOException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "reading " + GitStateStore.DEFAULT_REF + " failed: " + e.getMessage(), e);
      }
    });
  }

  private static String abbreviate(Optional<String> commit) {
    return commit.map(c -> c.substring(0, Math.min(12, c.length()))).orElse("nothing");
  }
}
