package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.git.internal.GitFailures;
import dev.baton.git.state.StateIndex.Entry;
import dev.baton.git.state.StateIndex.StaleIndexException;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * The promotions of a {@link StateIndexFile derived index file}, read on demand: a promotion
 * folder's chunk when a promotion of it is asked for (checked against the folder's tree first),
 * the newest-first summary rows scanned in place for queries, and the id order searched in
 * place for ids by prefix, so a command that reads one promotion, a first page or the ids
 * starting with what a person typed never builds the summaries of all of them. Key files are
 * read from Git by path, in the tree the file describes. An executing-only query looks only at
 * the rows whose claim byte is set, found in one pass over the rows on the first such query and
 * kept (rows never change; few promotions hold a claim), so an execution start, which asks one,
 * does not cost the store's size. Not thread-safe: used under the store's lock.
 */
final class StateIndexChunks implements StateIndex.Base {
  /** Bytes per summary row: project, target, status, requester, time, claim, chunk, slot. */
  static final int ROW_BYTES = 34;
  /** Bytes per place in the id order: where the promotion's chunk entry is. */
  static final int ID_BYTES = 4;
  private static final PromotionStatus[] STATUSES = PromotionStatus.values();
  private static final String JSON = ".json";
  private static final int MAX_ID_FILE = 1024;
  // Where a row's claim byte is (non-zero: the promotion holds an execution claim).
  private static final int CLAIM_AT = 25;

  private final Repository repository;
  private final ObjectId tree;
  private final ByteBuffer bytes;
  private final byte[] raw;
  private final String[] strings;
  private final Map<String, Integer> stringIndex = new HashMap<>();
  private final Map<String, Integer> chunkByDir = new HashMap<>();
  private final ObjectId[] folderTrees;
  private final int[] offsets;
  private final int[] counts;
  private final int rowsAt;
  private final int rows;
  private final int idsAt;
  private final int chunksAt;
  private final Object[] values;
  // Key files looked up so far: path to blob id, empty when the commit has none there.
  private final Map<String, Optional<ObjectId>> keyFiles = new HashMap<>();
  // The rows whose claim byte is set, newest first; null until the first executing-only query.
  private int[] claimedRows;
  // How many rows count and newestChunks compared with a query (for tests and tuning).
  private long rowsLookedAt;

  StateIndexChunks(Repository repository, ObjectId tree, byte[] raw, String[] strings,
      String[] dirs, ObjectId[] folderTrees, int[] offsets, int[] counts, int rowsAt, int rows,
      int idsAt, int chunksAt) {
    this.repository = repository;
    this.tree = tree;
    this.raw = raw;
    this.bytes = ByteBuffer.wrap(raw);
    this.strings = strings;
    for (int i = 0; i < strings.length; i++) {
      stringIndex.putIfAbsent(strings[i], i);
    }
    for (int c = 0; c < dirs.length; c++) {
      chunkByDir.put(dirs[c], c);
    }
    this.folderTrees = folderTrees;
    this.offsets = offsets;
    this.counts = counts;
    this.rowsAt = rowsAt;
    this.rows = rows;
    this.idsAt = idsAt;
    this.chunksAt = chunksAt;
    this.values = new Object[strings.length * 3];
  }

  @Override
  public int chunks() {
    return counts.length;
  }

  @Override
  public int chunkOf(PromotionId id) {
    return chunkByDir.getOrDefault(StateLayout.PROMOTIONS + "/" + StateLayout.fanOut(id), -1);
  }

  @Override
  public int size(int chunk) {
    return counts[chunk];
  }

  @Override
  public List<Entry> load(int chunk) {
    List<Entry> entries = new ArrayList<>(counts[chunk]);
    StateIndexFile.TreeHasher folder = new StateIndexFile.TreeHasher();
    HexFormat hex = HexFormat.of();
    byte[] digest = new byte[20];
    try {
      int at = chunksAt + offsets[chunk];
      StateIndexFile.Counting counting = new StateIndexFile.Counting(raw, at,
          raw.length - 8 - at);
      DataInputStream in = new DataInputStream(counting);
      for (int s = 0; s < counts[chunk]; s++) {
        int entryAt = offsets[chunk] + counting.position();
        String name = in.readUTF();
        ObjectId blob = StateIndexFile.readId(in);
        folder.add("", name, blob);
        String keyDigest = null;
        if (in.readBoolean()) {
          in.readFully(digest);
          keyDigest = hex.formatHex(digest);
        }
        int row = in.readInt();
        if (row < 0 || row >= rows || chunkAt(row) != chunk || slotAt(row) != s
            || !name.endsWith(JSON)) {
          throw stale(chunk, "a row that does not point back at it");
        }
        int place = in.readInt();
        if (place < 0 || place >= rows || bytes.getInt(idsAt + place * ID_BYTES) != entryAt) {
          throw stale(chunk, "a place in id order that does not point back at it");
        }
        entries.add(entry(row, PromotionId.of(name.substring(0, name.length() - JSON.length())),
            keyDigest, blob));
      }
    } catch (IOException | BatonException | IndexOutOfBoundsException e) {
      throw stale(chunk, "an entry that cannot be read (" + e + ")");
    }
    if (!folder.finish().equals(folderTrees[chunk])) {
      throw stale(chunk, "files that are not its folder's tree " + folderTrees[chunk].name());
    }
    return entries;
  }

  private StaleIndexException stale(int chunk, String what) {
    return new StaleIndexException("the state index file's chunk of "
        + chunkByDir.entrySet().stream().filter(e -> e.getValue() == chunk)
            .map(Map.Entry::getKey).findFirst().orElse("?") + " has " + what);
  }

  private Entry entry(int row, PromotionId id, String keyDigest, ObjectId blob) {
    int at = rowsAt + row * ROW_BYTES;
    ProjectId project = value(bytes.getInt(at), 0, ProjectId::of);
    EnvironmentName target = value(bytes.getInt(at + 4), 1, EnvironmentName::of);
    PromotionStatus status = STATUSES[bytes.get(at + 8)];
    UserId requester = value(bytes.getInt(at + 9), 2, UserId::of);
    Instant requestedAt = Instant.ofEpochSecond(bytes.getLong(at + 13), bytes.getInt(at + 21));
    boolean claimed = bytes.get(at + CLAIM_AT) != 0;
    String keyPath = keyDigest == null ? null
        : StateLayout.KEYS + "/" + project.value() + "/" + keyDigest;
    return new Entry(id, project, target, status, requester, requestedAt, claimed, keyPath,
        blob);
  }

  @SuppressWarnings("unchecked")
  private <T> T value(int string, int kind, Function<String, T> of) {
    int slot = string * 3 + kind;
    Object v = values[slot];
    if (v == null) {
      v = of.apply(strings[string]);
      values[slot] = v;
    }
    return (T) v;
  }

  private int chunkAt(int row) {
    return bytes.getInt(rowsAt + row * ROW_BYTES + 26);
  }

  private int slotAt(int row) {
    return bytes.getInt(rowsAt + row * ROW_BYTES + 30);
  }

  @Override
  public long count(PromotionQuery q, boolean[] loaded) {
    Filter f = new Filter(q);
    int[] only = q.executingOnly() ? claimedRows() : null;
    int n = only == null ? rows : only.length;
    long total = 0;
    for (int i = 0; i < n; i++) {
      int r = only == null ? i : only[i];
      rowsLookedAt++;
      if (!loaded[chunkAt(r)] && f.matches(r)) {
        total++;
      }
    }
    return total;
  }

  @Override
  public Set<Integer> newestChunks(PromotionQuery q, boolean[] loaded, int wanted) {
    Filter f = new Filter(q);
    int[] only = q.executingOnly() ? claimedRows() : null;
    int n = only == null ? rows : only.length;
    Set<Integer> chunks = new LinkedHashSet<>();
    int found = 0;
    for (int i = 0; i < n && found < wanted; i++) {
      int r = only == null ? i : only[i];
      rowsLookedAt++;
      int chunk = chunkAt(r);
      if (!loaded[chunk] && f.matches(r)) {
        chunks.add(chunk);
        found++;
      }
    }
    return chunks;
  }

  // The rows an executing-only query can match, in row order (newest first). The file was read
  // whole and checksummed when opened, so one strided pass over its bytes costs less than that.
  private int[] claimedRows() {
    if (claimedRows == null) {
      int[] found = new int[16];
      int n = 0;
      for (int r = 0, at = rowsAt + CLAIM_AT; r < rows; r++, at += ROW_BYTES) {
        if (raw[at] != 0) {
          if (n == found.length) {
            found = Arrays.copyOf(found, n * 2);
          }
          found[n++] = r;
        }
      }
      claimedRows = Arrays.copyOf(found, n);
    }
    return claimedRows;
  }

  /**
   * How many rows {@link #count} and {@link #newestChunks} compared with a query so far (for
   * tests and tuning; the one pass that finds the claimed rows is not counted).
   */
  long rowsLookedAt() {
    return rowsLookedAt;
  }

  @Override
  public List<PromotionId> idsByPrefix(String prefix, boolean[] loaded, int limit,
      PromotionId bound) {
    List<PromotionId> found = new ArrayList<>(Math.min(limit, 16));
    try {
      // the first place whose id is not before the prefix: those that start with it follow
      int low = 0;
      int high = rows;
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (idAt(middle).compareTo(prefix) < 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      String previous = null;
      for (int place = low; place < rows && found.size() < limit; place++) {
        String id = idAt(place);
        if (previous != null && previous.compareTo(id) >= 0) {
          throw new StaleIndexException("the state index file's id order is not in order at "
              + id);
        }
        previous = id;
        if (!id.startsWith(prefix) || bound != null && id.compareTo(bound.value()) > 0) {
          break;
        }
        PromotionId promotion = PromotionId.of(id);
        int chunk = chunkOf(promotion);
        if (chunk < 0) {
          throw new StaleIndexException("the state index file's id order names " + id
              + ", whose folder it does not have");
        }
        if (!loaded[chunk]) {
          found.add(promotion);
        }
      }
    } catch (IndexOutOfBoundsException | BatonException e) {
      throw new StaleIndexException("the state index file's id order cannot be read (" + e
          + ")");
    }
    return found;
  }

  /** Where the id order starts in the file's bytes (for tests). */
  int idOrderAt() {
    return idsAt;
  }

  // The id at a place of the id order: the file name of the chunk entry it points at, without
  // ".json" (ids are ASCII, so its modified UTF-8 is its bytes).
  private String idAt(int place) {
    int at = chunksAt + bytes.getInt(idsAt + place * ID_BYTES);
    int length = bytes.getShort(at) & 0xffff;
    int end = at + 2 + length;
    if (at < chunksAt || length <= JSON.length() || end > raw.length - 8
        || !JSON.equals(new String(raw, end - JSON.length(), JSON.length(),
            StandardCharsets.US_ASCII))) {
      throw new StaleIndexException("the state index file's id order points at no entry");
    }
    return new String(raw, at + 2, length - JSON.length(), StandardCharsets.US_ASCII);
  }

  @Override
  public Optional<ObjectId> keyFile(String path) {
    Optional<ObjectId> known = keyFiles.get(path);
    if (known == null) {
      readKeyFiles(List.of(path));
      known = keyFiles.get(path);
    }
    return known;
  }

  @Override
  public void readKeyFiles(Collection<String> paths) {
    List<String> missing = paths.stream().filter(p -> !keyFiles.containsKey(p)).toList();
    if (missing.isEmpty()) {
      return;
    }
    // One walk for them all: a key folder holds a file per key, so each look-up reads it whole.
    try (ObjectReader reader = repository.newObjectReader();
         TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      walk.addTree(tree);
      walk.setFilter(PathFilterGroup.createFromStrings(missing));
      while (walk.next()) {
        if (walk.getRawMode(0) == FileMode.REGULAR_FILE.getBits()) {
          keyFiles.put(walk.getPathString(), Optional.of(walk.getObjectId(0).copy()));
        }
      }
    } catch (IOException e) {
      throw GitFailures.backend(repository, "read " + StateLayout.KEYS, e);
    }
    for (String path : missing) {
      keyFiles.putIfAbsent(path, Optional.empty());
    }
  }

  @Override
  public Map<String, ObjectId> keyFiles() {
    Map<String, ObjectId> keys = new HashMap<>();
    try (ObjectReader reader = repository.newObjectReader();
         TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      walk.addTree(tree);
      walk.setFilter(PathFilter.create(StateLayout.KEYS));
      while (walk.next()) {
        keys.put(walk.getPathString(), walk.getObjectId(0).copy());
      }
    } catch (IOException e) {
      throw GitFailures.backend(repository, "read " + StateLayout.KEYS,
          e);
    }
    return keys;
  }

  @Override
  public Optional<PromotionId> named(ObjectId keyFile) {
    try (ObjectReader reader = repository.newObjectReader()) {
      byte[] content = reader.open(keyFile, Constants.OBJ_BLOB).getCachedBytes(MAX_ID_FILE);
      String text = new String(content, StandardCharsets.UTF_8);
      return text.endsWith("\n") && text.indexOf('\n') == text.length() - 1
          ? Optional.of(PromotionId.of(text.substring(0, text.length() - 1))) : Optional.empty();
    } catch (IOException | BatonException e) {
      return Optional.empty(); // whatever it is, the key check refuses it
    }
  }

  /** A query's filters on the rows: strings compared by their index in the file's table. */
  private final class Filter {
    private static final int ANY = -1;
    private static final int NONE = -2;
    private final int project;
    private final int target;
    private final int requester;
    private final boolean[] statuses;
    private final Instant from;
    private final Instant until;
    private final boolean executingOnly;

    Filter(PromotionQuery q) {
      project = q.project().map(p -> stringIndex.getOrDefault(p.value(), NONE)).orElse(ANY);
      target = q.target().map(t -> stringIndex.getOrDefault(t.value(), NONE)).orElse(ANY);
      requester = q.requester().map(u -> stringIndex.getOrDefault(u.value(), NONE))
          .orElse(ANY);
      if (q.statuses().isEmpty()) {
        statuses = null;
      } else {
        statuses = new boolean[STATUSES.length];
        q.statuses().forEach(s -> statuses[s.ordinal()] = true);
      }
      from = q.requestedFrom().orElse(null);
      until = q.requestedUntil().orElse(null);
      executingOnly = q.executingOnly();
    }

    private boolean status(byte ordinal) {
      return ordinal >= 0 && ordinal < statuses.length && statuses[ordinal];
    }

    boolean matches(int row) {
      int at = rowsAt + row * ROW_BYTES;
      if (project != ANY && bytes.getInt(at) != project
          || target != ANY && bytes.getInt(at + 4) != target
          || statuses != null && !status(bytes.get(at + 8))
          || requester != ANY && bytes.getInt(at + 9) != requester
          || executingOnly && bytes.get(at + CLAIM_AT) == 0) {
        return false;
      }
      if (from == null && until == null) {
        return true;
      }
      Instant t = Instant.ofEpochSecond(bytes.getLong(at + 13), bytes.getInt(at + 21));
      return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
    }
  }
}
