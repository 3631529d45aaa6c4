package dev.baton.git.state;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link GitStateStore#fetch(String)} did with the remote's state: nothing, a
 * fast-forward, or a merge that replayed this repository's changes onto the remote's with the
 * store's compare-and-set rules. Immutable.
 *
 * @param outcome what happened to the local ref
 * @param before the local ref's commit before the fetch, if it existed
 * @param after the local ref's commit after the fetch, if it exists
 * @param replayed the local changes applied on top of the remote's state (only for
 *     {@link Outcome#MERGED})
 * @param refused the local changes not applied because the remote changed the same state first
 *     (only for {@link Outcome#MERGED}); each is logged at WARN
 * @since 0.1
 */
public record SyncResult(Outcome outcome, Optional<String> before, Optional<String> after,
    List<Change> replayed, List<Change> refused) {

  /**
   * What a fetch did to the local ref.
   *
   * @since 0.1
   */
  public enum Outcome {
    /** The remote has no state: nothing changed. */
    NO_REMOTE_STATE,
    /** The local state already contains the remote's: nothing changed. */
    UP_TO_DATE,
    /** The local ref moved forward to the remote's commit. */
    FAST_FORWARDED,
    /**
     * Both sides changed state: the local changes were replayed onto the remote's, and the local
     * ref moved to a commit whose parents are the remote's and the old local commit (so a push
     * is a fast-forward on the remote).
     */
    MERGED
  }

  /**
   * One local change (one state commit, or the part of it about one promotion) and why it was
   * refused, if it was.
   *
   * @param commit the local commit that made the change (abbreviated id)
   * @param description the first line of that commit's message, and what part of it
   * @param paths the state files it changed
   * @param reason why it was refused, or empty when it was replayed
   * @since 0.1
   */
  public record Change(String commit, String description, List<String> paths, String reason) {
    public Change {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(description, "description");
      paths = List.copyOf(paths);
      Objects.requireNonNull(reason, "reason");
    }
  }

  public SyncResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    replayed = List.copyOf(replayed);
    refused = List.copyOf(refused);
  }

  static SyncResult unchanged(Outcome outcome, Optional<String> at) {
    return new SyncResult(outcome, at, at, List.of(), List.of());
  }
}
