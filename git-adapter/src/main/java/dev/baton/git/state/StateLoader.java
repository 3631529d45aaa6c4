package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.GitFailures;
import dev.baton.git.state.StateIndex.Change;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.git.state.internal.StateLayout.Kind;
import dev.baton.git.state.internal.StateLayout.Location;
import dev.baton.model.Promotion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-memory {@link StateIndex} describing one commit of the state ref: moving it to
 * another commit reads only the files that differ between the two trees, skips what this
 * instance just wrote itself, and parses many files in parallel (as on opening a large store).
 *
 * <p>An empty index (on opening) starts from the {@link StateIndexFile derived index file} when
 * there is a valid one (its promotions and key files then read on demand,
 * {@link StateIndexChunks}), then reads what differs between its commit and the tip; the file is
 * rewritten once that is {@link #rewriteAfter} files or more (a full read counts them all):
 * {@value #REWRITE_AFTER}, or one file per {@value #PROMOTIONS_PER_FILE} promotions in a larger
 * store, at most {@value #REWRITE_AT_MOST}. Promotion documents are read when asked for, by
 * blob id, and the newest few are kept ({@value #DOCUMENT_CACHE}). Not thread-safe:
 * {@link StateRef} calls it under its lock.
 */
final class StateLoader {
  private static final Logger LOG = LoggerFactory.getLogger(StateLoader.class);
  private static final int MAX_FILE_BYTES = 16 << 20;
  private static final int READ_BATCH = 1024;
  private static final int PARALLEL_PARSE_MIN = 64;
  private static final int DOCUMENT_CACHE = 2048;
  // Files that differ from the derived file's commit (or, without one, files read) before it is
  // written again, at the least.
  private static final int REWRITE_AFTER = 256;
  // Writing the file costs in proportion to the promotions stored (every chunk read, every row
  // written), so a large store waits for one changed file per this many promotions: the rewrite
  // then costs about the same per changed file whatever the size (up to REWRITE_AT_MOST), and
  // an open is at most that many files behind. Up to 256 * this many promotions, REWRITE_AFTER
  // decides. Chosen from measurements: benchmarks/journal/git.md, helper "rewrite".
  static final int PROMOTIONS_PER_FILE = 400;
  // ... but never more than this many files behind: each changed promotion file behind makes an
  // open read its whole chunk (one of 256), so far behind, every open of a large store reads
  // almost every chunk. Above 1024 * PROMOTIONS_PER_FILE promotions the rewrite's share per
  // changed file grows again, at a quarter of the slope a fixed 256 gave.
  static final int REWRITE_AT_MOST = 1024;

  private final Repository repository;
  private final String ref;
  private final DocumentCache documents = new DocumentCache();
  private final StateIndex index = new StateIndex(documents);
  private final StateIndexFile derived;
  private final int promotionsPerFile;
  private long changesSinceDerived;
  private boolean skipDerived;
  // What this instance wrote in the commit being indexed: path -> parsed value, to skip re-parsing.
  private final Map<String, Written> justWritten = new HashMap<>();
  private ObjectId indexedCommit;
  private ObjectId indexedTree;
  private long filesRead;

  private record Written(ObjectId blob, Object value) {}

  /** A changed file to read: its place in the change list, where it is, its blob. */
  private record ToRead(int slot, Location at, ObjectId blob) {}

  StateLoader(Repository repository, String ref) {
    this(repository, ref, PROMOTIONS_PER_FILE);
  }

  /** For tests: rewrites the file once the changes reach one per {@code promotionsPerFile}. */
  StateLoader(Repository repository, String ref, int promotionsPerFile) {
    if (promotionsPerFile < 1) {
      throw new IllegalArgumentException("promotionsPerFile must be positive");
    }
    this.repository = repository;
    this.ref = ref;
    this.derived = new StateIndexFile(repository, ref);
    this.promotionsPerFile = promotionsPerFile;
  }

  /**
   * How many files may differ from the derived file's commit before it is written again, in a
   * store of {@code promotions}: at least {@value #REWRITE_AFTER}, one per
   * {@code promotionsPerFile} promotions, at most {@value #REWRITE_AT_MOST}.
   */
  static long rewriteAfter(long promotions, int promotionsPerFile) {
    return Math.min(REWRITE_AT_MOST, Math.max(REWRITE_AFTER, promotions / promotionsPerFile));
  }

  StateIndex index() {
    return index;
  }

  /** The commit the index describes; null for an absent ref. */
  ObjectId indexedCommit() {
    return indexedCommit;
  }

  /** That commit's tree; null for an absent ref. */
  ObjectId indexedTree() {
    return indexedTree;
  }

  long filesRead() {
    return filesRead;
  }

  /** Notes a file this instance wrote, so indexing its commit need not parse it again. */
  void wrote(String path, ObjectId blob, Object value) {
    justWritten.put(path, new Written(blob, value));
  }

  /** Forgets what {@link #wrote} noted (the commit was not made, or is indexed). */
  void forgetWritten() {
    justWritten.clear();
  }

  /** Makes the index describe {@code commit} (null: empty), reading only what differs. */
  void refreshTo(ObjectId commit) {
    ObjectId tree = commit == null ? null : treeOf(commit);
    long started = System.nanoTime();
    if (indexedTree == null && tree != null && !skipDerived) {
      importDerived();
    }
    List<Change> changes;
    try {
      changes = diff(indexedTree, tree);
      index.applyAll(changes, commit != null);
    } catch (StateIndex.StaleIndexException e) {
      // A chunk of the derived file read while applying the changes lied: start afresh.
      LOG.warn("{}", e.getMessage());
      reindexWithoutFile(commit);
      return;
    } catch (BatonException e) {
      clear();
      throw e;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("indexed {} at {}: {} changed files in {} ms", ref,
          commit == null ? "(none)" : commit.name(), changes.size(),
          (System.nanoTime() - started) / 1_000_000);
    }
    indexedCommit = commit;
    indexedTree = tree;
    changesSinceDerived += changes.size();
    // A small store is read whole quickly; a large one keeps the file no further behind than
    // rewriteAfter files (a full read counts every file).
    if (commit != null
        && changesSinceDerived >= rewriteAfter(index.promotionCount(), promotionsPerFile)) {
      writeDerived();
    }
  }

  /** Writes the derived file for the indexed commit. */
  void writeDerived() {
    if (indexedCommit != null) {
      try {
        index.loadAll();
      } catch (StateIndex.StaleIndexException e) {
        LOG.warn("{}", e.getMessage());
        rebuild();
        return;
      }
      derived.write(repository, indexedCommit, indexedTree, index);
      changesSinceDerived = 0;
    }
  }

  /** Where the derived file is. */
  Path derivedFile() {
    return derived.path();
  }

  /**
   * Indexes the current commit again from its files alone, removing the derived file: an entry
   * read from it did not match its document.
   */
  void rebuild() {
    ObjectId commit = indexedCommit;
    LOG.warn("{} does not match {} at {}; indexing every state file again", derived.path(), ref,
        commit == null ? "(none)" : commit.name());
    reindexWithoutFile(commit);
  }

  // Removes the derived file and indexes the commit from its files alone.
  private void reindexWithoutFile(ObjectId commit) {
    derived.delete();
    clear();
    skipDerived = true;
    try {
      refreshTo(commit);
    } finally {
      skipDerived = false;
    }
  }

  private void clear() {
    index.clear();
    documents.clear();
    indexedCommit = null;
    indexedTree = null;
    changesSinceDerived = 0;
  }

  // Fills the empty index from the derived file when it describes a commit of this repository
  // exactly; anything wrong leaves the index empty, to be filled from the files.
  private void importDerived() {
    Optional<StateIndexFile.Snapshot> read = derived.read(repository);
    if (read.isEmpty()) {
      return;
    }
    StateIndexFile.Snapshot s = read.get();
    try {
      if (!s.tree().equals(treeOf(s.commit()))) {
        LOG.warn("ignoring {}: commit {} does not have tree {}", derived.path(),
            s.commit().name(), s.tree().name());
        return;
      }
      index.useBase(s.promotions());
      if (s.format()) {
        index.formatPresent();
      }
      List<Change> others = new ArrayList<>();
      List<ToRead> toRead = new ArrayList<>();
      for (Map.Entry<String, ObjectId> f : s.others().entrySet()) {
        toRead.add(new ToRead(others.size(), StateLayout.parse(f.getKey()), f.getValue()));
        others.add(null);
      }
      try (ObjectReader reader = repository.newObjectReader()) {
        readAll(reader, toRead, others);
      }
      others.forEach(index::apply);
      index.verifyAll();
    } catch (BatonException | IOException e) {
      LOG.warn("ignoring {}: {}", derived.path(), e.getMessage());
      clear();
      return;
    }
    indexedCommit = s.commit();
    indexedTree = s.tree();
    changesSinceDerived = 0;
  }

  private ObjectId treeOf(ObjectId commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.parseCommit(commit).getTree().getId();
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT, ref + " points at " + commit.name()
          + ", which is not a commit in this repository", e);
    } catch (IOException e) {
      throw GitFailures.backend(repository, "read commit " + commit.name(), e);
    }
  }

  private List<Change> diff(ObjectId oldTree, ObjectId newTree) {
    List<Change> changes = new ArrayList<>();
    if (Objects.equals(oldTree, newTree)) {
      return changes;
    }
    String path = "(tree)";
    try (ObjectReader reader = repository.newObjectReader();
         TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      if (oldTree == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(oldTree);
      }
      if (newTree == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(newTree);
      }
      walk.setFilter(TreeFilter.ANY_DIFF);
      List<ToRead> toRead = new ArrayList<>();
      while (walk.next()) {
        path = walk.getPathString();
        int mode = walk.getRawMode(1);
        if (mode == 0) {
          changes.add(new Change(StateLayout.parse(path), null));
          continue;
        }
        Location at = StateLayout.parse(path);
        if (mode != FileMode.REGULAR_FILE.getBits()) {
          throw StateLayout.corrupt(path, "is not a regular file (mode "
              + Integer.toOctalString(mode) + ")");
        }
        ObjectId blob = walk.getObjectId(1);
        Object known = known(at, blob);
        if (known == null) {
          toRead.add(new ToRead(changes.size(), at, blob));
        }
        changes.add(new Change(at, known));
      }
      readAll(reader, toRead, changes);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw StateLayout.corrupt(path, "cannot be read: " + e.getMessage());
    } catch (IOException e) {
      throw GitFailures.backend(repository, "read " + ref, e);
    }
    return changes;
  }

  /** What a file holds without reading it, or null when it must be read. */
  private Object known(Location at, ObjectId blob) {
    if (at.kind() == Kind.KEY) {
      return blob; // checked by blob id against the promotion that owns the key; never read
    }
    Written mine = justWritten.get(at.path());
    if (mine == null || !mine.blob().equals(blob)) {
      return null;
    }
    return at.kind() == Kind.PROMOTION
        ? new StateIndex.Doc((Promotion) mine.value(), blob) : mine.value();
  }

  // Reads the blobs in order on one reader (readers are single-threaded) and parses them in
  // parallel when there are many, as on opening a large store: parsing dominates that cost.
  private void readAll(ObjectReader reader, List<ToRead> toRead, List<Change> changes)
      throws IOException {
    for (int from = 0; from < toRead.size(); from += READ_BATCH) {
      List<ToRead> batch = toRead.subList(from, Math.min(toRead.size(), from + READ_BATCH));
      byte[][] contents = new byte[batch.size()][];
      for (int i = 0; i < contents.length; i++) {
        contents[i] = readBlob(reader, batch.get(i));
      }
      Object[] values = new Object[contents.length];
      IntStream indexes = IntStream.range(0, contents.length);
      if (contents.length >= PARALLEL_PARSE_MIN) {
        indexes = indexes.parallel();
      }
      indexes.forEach(i -> values[i] =
          StateFiles.parse(batch.get(i).at(), contents[i], batch.get(i).blob()));
      // The index keeps a summary of each promotion; documents are kept only for a few, so a
      // full read never holds every promotion at once.
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof StateIndex.Doc doc) {
          if (toRead.size() <= DOCUMENT_CACHE) {
            documents.remember(doc);
          }
          values[i] = StateIndex.Entry.of(doc.promotion(), doc.blob());
        }
      }
      for (int i = 0; i < values.length; i++) {
        changes.set(batch.get(i).slot(), new Change(batch.get(i).at(), values[i]));
      }
      filesRead += values.length;
    }
  }

  private static byte[] readBlob(ObjectReader reader, ToRead file) throws IOException {
    try {
      return reader.open(file.blob(), Constants.OBJ_BLOB).getCachedBytes(MAX_FILE_BYTES);
    } catch (LargeObjectException e) {
      throw StateLayout.corrupt(file.at().path(), "is larger than " + MAX_FILE_BYTES + " bytes");
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw StateLayout.corrupt(file.at().path(), "cannot be read: " + e.getMessage());
    }
  }

  /** Promotion documents by blob id: read on demand, the newest few kept. */
  private final class DocumentCache implements StateIndex.Documents {
    private final Map<ObjectId, Promotion> byBlob =
        new LinkedHashMap<>(256, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ObjectId, Promotion> eldest) {
            return size() > DOCUMENT_CACHE;
          }
        };

    @Override
    public Promotion load(StateIndex.Entry entry) {
      Promotion p = byBlob.get(entry.blob());
      if (p == null) {
        String path = StateLayout.promotionPath(entry.id());
        Location at = new Location(Kind.PROMOTION, path, null, null, entry.id().value());
        try (ObjectReader reader = repository.newObjectReader()) {
          byte[] content = readBlob(reader, new ToRead(0, at, entry.blob()));
          p = ((StateIndex.Doc) StateFiles.parse(at, content, entry.blob())).promotion();
        } catch (IOException e) {
          throw GitFailures.backend(repository, "read " + path, e);
        }
        filesRead++;
        byBlob.put(entry.blob(), p);
      }
      if (!StateIndex.Entry.of(p, entry.blob()).equals(entry)) {
        throw new StateIndex.StaleIndexException("the index entry of promotion " + entry.id()
            + " does not match its document " + entry.blob().name());
      }
      return p;
    }

    @Override
    public void remember(StateIndex.Doc doc) {
      byBlob.put(doc.blob().copy(), doc.promotion());
    }

    void clear() {
      byBlob.clear();
    }
  }
}
