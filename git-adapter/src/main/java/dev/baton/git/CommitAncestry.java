package dev.baton.git;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Whether one commit is an ancestor of another, for {@link EnvironmentReader#isAncestor}, asked
 * many times in a row about the same ancestor: the engine asks whether any release of a target
 * descends from one standing write, release after release.
 *
 * <p>A walk per question ({@code RevWalk.isMergedInto}) costs up to the history between the two,
 * so a target with n releases cost about n²/2 commits visited (160 s for 10,000 releases in a
 * line). Here the first question about an ancestor walks its history once, keeping the set of
 * its proper ancestors: none of those descends from it, which answers every older release at
 * once. Any other commit is answered by walking down its parents only until each path reaches
 * the ancestor, one of its ancestors, or a commit already answered, and every commit passed on
 * the way is remembered. So a run of questions about one ancestor costs its history once plus
 * the commits not below it, each once. Commits never change, so nothing remembered goes stale.
 * The lines of the last {@value #LINES} ancestors asked about are kept (a squashed pull request's
 * write is asked about together with the commit it landed as, question by question), softly:
 * the collector may take them back, at about 80 bytes per commit of history each. Thread-safe:
 * questions take turns.
 */
final class CommitAncestry {
  private static final int LINES = 4;

  private final Repository repository;
  // by ancestor, least recently asked about first
  private final LinkedHashMap<ObjectId, SoftReference<Line>> lines =
      new LinkedHashMap<>(8, 0.75f, true);
  private int built;

  CommitAncestry(Repository repository) {
    this.repository = repository;
  }

  /** How many ancestors' histories were walked so far (tests: each once per run of questions). */
  synchronized int linesBuilt() {
    return built;
  }

  /**
   * Whether {@code ancestor} is {@code descendant} or one of its ancestors; both must be commits
   * of the repository with their history complete (not a shallow clone's).
   *
   * @throws IOException when an object cannot be read, or an id is not a commit
   */
  synchronized boolean isAncestor(ObjectId ancestor, ObjectId descendant) throws IOException {
    if (ancestor.equals(descendant)) {
      return true;
    }
    SoftReference<Line> kept = lines.get(ancestor);
    Line line = kept == null ? null : kept.get();
    if (line == null) {
      line = Line.of(repository, ancestor);
      built++;
      lines.put(line.ancestor, new SoftReference<>(line));
      if (lines.size() > LINES) {
        lines.remove(lines.keySet().iterator().next());
      }
    }
    return line.descends(repository, descendant);
  }

  /** What is known about one ancestor: its proper ancestors, and commits answered so far. */
  private static final class Line {
    private final ObjectId ancestor;
    // every proper ancestor of the ancestor: none of them descends from it (a history has no
    // cycle), and a walk down from any other commit stops at them
    private final Set<ObjectId> below;
    // commits outside below (and not the ancestor) answered so far: whether they descend
    private final Map<ObjectId, Boolean> answered = new HashMap<>();

    private Line(ObjectId ancestor, Set<ObjectId> below) {
      this.ancestor = ancestor;
      this.below = below;
    }

    static Line of(Repository repository, ObjectId ancestor) throws IOException {
      Set<ObjectId> below = new HashSet<>();
      try (RevWalk walk = new RevWalk(repository)) {
        walk.setRetainBody(false);
        for (RevCommit parent : walk.parseCommit(ancestor).getParents()) {
          walk.markStart(walk.parseCommit(parent));
        }
        for (RevCommit commit : walk) {
          below.add(commit.copy());
        }
      }
      return new Line(ancestor.copy(), below);
    }

    /** null when not known yet. */
    private Boolean known(ObjectId commit) {
      if (commit.equals(ancestor)) {
        return Boolean.TRUE;
      }
      if (below.contains(commit)) {
        return Boolean.FALSE;
      }
      return answered.get(commit);
    }

    boolean descends(Repository repository, ObjectId commit) throws IOException {
      Boolean known = known(commit);
      if (known != null) {
        return known;
      }
      try (RevWalk walk = new RevWalk(repository)) {
        walk.setRetainBody(false);
        // depth first without recursion (a line of commits can be as long as the history): a
        // commit is answered once each of its parents is, or as soon as one of them descends
        Deque<RevCommit> pending = new ArrayDeque<>();
        pending.push(walk.parseCommit(commit));
        while (!pending.isEmpty()) {
          RevCommit top = pending.peek();
          if (known(top) != null) {
            pending.pop();
            continue;
          }
          Boolean answer = null;
          boolean waiting = false;
          for (RevCommit parent : top.getParents()) {
            Boolean parentAnswer = known(parent);
            if (Boolean.TRUE.equals(parentAnswer)) {
              answer = Boolean.TRUE;
              break;
            }
            waiting |= parentAnswer == null;
          }
          if (answer == null && !waiting) {
            answer = Boolean.FALSE;
          }
          if (answer != null) {
            answered.put(top.copy(), answer);
            pending.pop();
            continue;
          }
          for (RevCommit parent : top.getParents()) {
            if (known(parent) == null) {
              walk.parseHeaders(parent);
              pending.push(parent);
            }
          }
        }
      }
      return answered.get(commit);
    }
  }
}
