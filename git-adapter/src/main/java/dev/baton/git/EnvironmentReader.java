package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Revision;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The reading half of {@link GitEnvironmentRepository}: which environments a project has on the
 * branch, and an environment's files (UTF-8 text and executable bits) at a commit. Thread-safe.
 */
final class EnvironmentReader {
  // an engine asks about every release of a target in a row; old pull-request branch commits
  // may be gone from the remote for good, and one fetch per such question would be a storm
  private static final long FETCH_GAP_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final GitBranch git;
  private final EnvironmentLayout layout;
  private final long maxFileBytes;
  // the engine asks whether each release of a target descends from one write, in a row
  private final CommitAncestry ancestry;
  // when isAncestor last fetched for an unknown revision (System.nanoTime); see isAncestor
  private final AtomicLong ancestryFetchedAt = new AtomicLong(System.nanoTime() - FETCH_GAP_NANOS);

  EnvironmentReader(GitBranch git, EnvironmentLayout layout, long maxFileBytes) {
    this.git = git;
    this.layout = layout;
    this.maxFileBytes = maxFileBytes;
    this.ancestry = new CommitAncestry(git.repository());
  }

  SortedSet<EnvironmentName> environments(ProjectId project) throws IOException {
    String parent = layout.parentFolder(project);
    String suffix = layout.suffix(project);
    git.refreshForRead();
    ObjectId head = git.tip();
    try (RevWalk walk = new RevWalk(git.repository())) {
      ObjectReader reader = walk.getObjectReader();
      ObjectId root = walk.parseCommit(head).getTree();
      ObjectId parentTree = parent.isEmpty() ? root : folderOrNull(reader, root, parent);
      SortedSet<EnvironmentName> found = new TreeSet<>();
      if (parentTree != null) {
        try (TreeWalk children = new TreeWalk(reader)) {
          children.addTree(parentTree);
          while (children.next()) {
            Optional<EnvironmentName> name = environmentName(children.getNameString());
            if (children.isSubtree() && name.isPresent() && (suffix.isEmpty()
                || folderOrNull(reader, children.getObjectId(0), suffix) != null)) {
              found.add(name.get());
            }
          }
        }
      }
      // An environment with a folder of its own is there when that folder is.
      for (EnvironmentName own : layout.folders().keySet()) {
        found.remove(own);
        if (folderOrNull(reader, root, layout.folder(project, own)) != null) {
          found.add(own);
        }
      }
      return Collections.unmodifiableSortedSet(found);
    }
  }

  EnvironmentFiles read(EnvironmentName environment, String folder) throws IOException {
    git.refreshForRead();
    return filesAt(environment, folder, git.tip());
  }

  Optional<EnvironmentFiles> readAt(EnvironmentName environment, String folder,
      Revision revision) throws IOException {
    git.tip();
    if (revision.equals(GitEnvironmentRepository.UNBORN)) {
      return Optional.of(new EnvironmentFiles(environment, GitEnvironmentRepository.UNBORN,
          new TreeMap<>()));
    }
    ObjectId commit = git.knownCommit(revision);
    if (commit == null && git.sync() != null) {
      git.refreshForRead();
      commit = git.knownCommit(revision);
    }
    return commit == null
        ? Optional.empty() : Optional.of(filesAt(environment, folder, commit));
  }

  /**
   * Whether {@code ancestor} is reachable from {@code descendant}; empty when either is not a
   * commit here, after a fetch of the branch when there is a remote, or when the clone is
   * shallow (its history ends where it was cut). {@link GitEnvironmentRepository#UNBORN} comes
   * before every commit.
   */
  Optional<Boolean> isAncestor(Revision ancestor, Revision descendant) throws IOException {
    ObjectId first = commitOrUnborn(ancestor);
    ObjectId second = commitOrUnborn(descendant);
    if ((first == null || second == null) && git.sync() != null && fetchDue()) {
      // a peer's release may not be fetched yet; a revision still unknown after this is gone
      git.refreshForRead();
      first = commitOrUnborn(ancestor);
      second = commitOrUnborn(descendant);
    }
    if (first == null || second == null) {
      return Optional.empty();
    }
    if (first.equals(ObjectId.zeroId()) || second.equals(ObjectId.zeroId())) {
      return Optional.of(first.equals(ObjectId.zeroId()));
    }
    if (!git.repository().getObjectDatabase().getShallowCommits().isEmpty()) {
      // a walk stopping at a shallow boundary would answer "no" for what it cannot see
      return first.equals(second) ? Optional.of(true) : Optional.empty();
    }
    return Optional.of(ancestry.isAncestor(first, second));
  }

  // at most one fetch per gap for unknown revisions: a question asked right after one that
  // fetched is answered from what that fetch brought (or cannot be told, which refuses more)
  private boolean fetchDue() {
    long now = System.nanoTime();
    long last = ancestryFetchedAt.get();
    return now - last >= FETCH_GAP_NANOS && ancestryFetchedAt.compareAndSet(last, now);
  }

  private ObjectId commitOrUnborn(Revision revision) throws IOException {
    return revision.equals(GitEnvironmentRepository.UNBORN)
        ? ObjectId.zeroId() : git.knownCommit(revision);
  }

  private EnvironmentFiles filesAt(EnvironmentName environment, String folder, ObjectId commit)
      throws IOException {
    try (RevWalk walk = new RevWalk(git.repository())) {
      ObjectReader reader = walk.getObjectReader();
      Optional<ObjectId> tree =
          FolderTrees.resolve(reader, walk.parseCommit(commit).getTree(), folder);
      SortedMap<String, String> texts = new TreeMap<>();
      SortedSet<String> executable = new TreeSet<>();
      if (tree.isPresent()) {
        for (Map.Entry<String, FolderTrees.Entry> file
            : FolderTrees.files(reader, tree.get(), folder).entrySet()) {
          String path = folder + "/" + file.getKey();
          texts.put(file.getKey(),
              FolderTrees.text(reader, file.getValue().blob(), path, maxFileBytes));
          if (file.getValue().executable()) {
            executable.add(file.getKey());
          }
        }
      }
      return new EnvironmentFiles(environment, Revision.of(commit.name()), texts, executable);
    }
  }

  private static ObjectId folderOrNull(ObjectReader reader, ObjectId tree, String path)
      throws IOException {
    try {
      return FolderTrees.resolve(reader, tree, path).orElse(null);
    } catch (BatonException e) {
      // Listing shows real folders only; reading such an environment reports the problem.
      return null;
    }
  }

  private static Optional<EnvironmentName> environmentName(String folderName) {
    try {
      return Optional.of(EnvironmentName.of(folderName));
    } catch (BatonException e) {
      return Optional.empty();
    }
  }
}
