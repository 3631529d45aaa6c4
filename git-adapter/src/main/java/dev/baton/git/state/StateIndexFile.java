package dev.baton.git.state;

import dev.baton.git.state.StateIndex.Entry;
import dev.baton.git.state.internal.StateLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A derived file beside the state ref ({@code <common git dir>/baton/state-index} for the
 * default ref) that lets a store open without reading every state file, and answer a command
 * without reading every promotion's summary either. It names one state commit and holds:
 * <ul>
 *   <li>a listing of that commit's tree down to the promotion folders ({@code promotions/XX})
 *       and key folders ({@code keys/PROJECT}), each given by its tree id, and every other file
 *       with its blob id;
 *   <li>one chunk per promotion folder: its files in tree order, with their blob ids and where
 *       their summaries are;
 *   <li>the {@link Entry summaries} of all promotions as fixed-width rows, newest first, so a
 *       query scans them without building an object per promotion and a page reads only the
 *       chunks its promotions are in;
 *   <li>the promotions in id order, as fixed-width pointers at their chunk entries, so that
 *       the ids starting with a prefix are found by a binary search, not a pass.
 * </ul>
 *
 * <p>It is never trusted: a file of another format version (an older Baton's included), a wrong
 * checksum, or any damage makes {@link #read} answer empty (the store then reads the state files
 * and writes the file again). The listing is hashed back into the commit's root tree, which must
 * be the tree the file names (the caller then checks that the named commit has that tree), so
 * every folder id in it is the real one; a chunk is hashed into its folder's tree when it is
 * first read, and a chunk that does not match, or whose rows or places in id order do not point
 * back at it, makes the store index every file again ({@link StateIndex.StaleIndexException}).
 * A summary is checked against its document whenever the document is read. Key files are not
 * listed: they are read from Git by path when asked for. The file is replaced atomically (a
 * temporary file renamed over it); several processes may write it, any complete file describes
 * some commit correctly. Not thread-safe: one instance per store, used under its lock.
 */
final class StateIndexFile {
  private static final Logger LOG = LoggerFactory.getLogger(StateIndexFile.class);
  private static final byte[] MAGIC = "baton-state-index\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 3;
  private static final byte FILE = 'F';
  private static final byte TREE = 'T';
  private static final String JSON = ".json";
  private static final String PROMOTIONS_DIR = StateLayout.PROMOTIONS;
  private static final String KEYS_DIR = StateLayout.KEYS;

  private final Path file;

  /**
   * What a file describes, its listing checked against the tree it claims.
   *
   * @param commit the state commit it describes
   * @param tree that commit's tree, as the file says (the listing hashes to it)
   * @param format whether FORMAT is listed (with the blob of the expected content)
   * @param others every file outside the promotion and key folders: path to blob id
   * @param promotions the promotions and key files, read on demand
   */
  record Snapshot(ObjectId commit, ObjectId tree, boolean format, Map<String, ObjectId> others,
      StateIndexChunks promotions) {}

  StateIndexFile(Repository repository, String ref) {
    Path dir = repository.getCommonDirectory().toPath().resolve("baton");
    this.file = dir.resolve(GitStateStore.DEFAULT_REF.equals(ref) ? "state-index"
        : "state-index-" + StateLayout.sha1Hex(ref).substring(0, 16));
  }

  Path path() {
    return file;
  }

  /** The file's content when it is complete, of this version, and its listing is the tree. */
  Optional<Snapshot> read(Repository repository) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("cannot read {}, indexing the state ref without it: {}", file, e.getMessage());
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(parse(repository, bytes));
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring {}: it cannot be read ({})", file, e.toString());
      return Optional.empty();
    }
  }

  private Snapshot parse(Repository repository, byte[] bytes) throws IOException {
    if (bytes.length < MAGIC.length + 4 + 8
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      LOG.warn("ignoring {}: not a state index file", file);
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
      LOG.warn("ignoring {}: its checksum does not match (damaged or incomplete)", file);
      return null;
    }
    Counting counting = new Counting(bytes, MAGIC.length, bytes.length - 8 - MAGIC.length);
    DataInputStream in = new DataInputStream(counting);
    int version = in.readInt();
    if (version != VERSION) {
      LOG.info("ignoring {}: format version {}, this Baton reads {} (it is written again)",
          file, version, VERSION);
      return null;
    }
    ObjectId commit = readId(in);
    ObjectId tree = readId(in);
    String[] strings = new String[in.readInt()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = in.readUTF();
    }
    ObjectId formatBlob = new ObjectInserter.Formatter()
        .idFor(Constants.OBJ_BLOB, StateLayout.formatFile());
    TreeHasher trees = new TreeHasher();
    boolean format = false;
    Map<String, ObjectId> others = new LinkedHashMap<>();
    Map<Integer, String> chunkDirs = new HashMap<>();
    Map<Integer, ObjectId> chunkTrees = new HashMap<>();
    int listed = in.readInt();
    for (int i = 0; i < listed; i++) {
      byte kind = in.readByte();
      String dir = strings[in.readInt()];
      String name = in.readUTF();
      ObjectId id = readId(in);
      if (kind == FILE) {
        trees.add(dir, name, id);
        if (dir.isEmpty() && name.equals(StateLayout.FORMAT_PATH)) {
          if (!id.equals(formatBlob)) {
            return null;
          }
          format = true;
        } else {
          others.put(dir.isEmpty() ? name : dir + "/" + name, id);
        }
      } else if (kind == TREE) {
        trees.addTree(dir, name, id);
        int chunk = in.readInt();
        if (chunk >= 0 && dir.equals(PROMOTIONS_DIR)) {
          if (chunkDirs.put(chunk, dir + "/" + name) != null) {
            return null;
          }
          chunkTrees.put(chunk, id);
        } else if (chunk != -1 || !dir.equals(KEYS_DIR)) {
          return null;
        }
      } else {
        return null;
      }
    }
    ObjectId hashed = trees.finish();
    if (!hashed.equals(tree)) {
      LOG.warn("ignoring {}: the files it lists are not tree {}", file, tree.name());
      return null;
    }
    int chunks = in.readInt();
    if (chunks != chunkDirs.size()) {
      return null;
    }
    String[] dirs = new String[chunks];
    ObjectId[] folderTrees = new ObjectId[chunks];
    int[] offsets = new int[chunks];
    int[] counts = new int[chunks];
    long total = 0;
    for (int c = 0; c < chunks; c++) {
      dirs[c] = chunkDirs.get(c);
      folderTrees[c] = chunkTrees.get(c);
      if (dirs[c] == null) {
        return null;
      }
      offsets[c] = in.readInt();
      counts[c] = in.readInt();
      total += counts[c];
    }
    int rows = in.readInt();
    if (rows != total) {
      return null;
    }
    int rowsAt = MAGIC.length + counting.position();
    long idsAt = rowsAt + (long) rows * StateIndexChunks.ROW_BYTES;
    long chunksAt = idsAt + (long) rows * StateIndexChunks.ID_BYTES;
    if (chunksAt > bytes.length - 8) {
      return null;
    }
    return new Snapshot(commit, tree, format, others, new StateIndexChunks(repository, tree,
        bytes, strings, dirs, folderTrees, offsets, counts, rowsAt, rows, (int) idsAt,
        (int) chunksAt));
  }

  /**
   * Replaces the file with one describing {@code commit}, whose tree {@code index} describes
   * (the index must hold every promotion: not read on demand). Failures are logged, never
   * thrown: the file only saves time.
   */
  void write(Repository repository, ObjectId commit, ObjectId tree, StateIndex index) {
    Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      byte[] content = format(repository, commit, tree, index);
      if (content == null) {
        return;
      }
      Files.createDirectories(file.getParent());
      Files.write(temp, content);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write {}: {}", file, e.toString());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.debug("could not remove {}", temp, e);
      }
    }
  }

  /** Removes the file (it was found to lie); failures are logged. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", file, e.toString());
    }
  }

  /** A promotion of a chunk: its file name and blob, and its summary. */
  private record Listed(String name, ObjectId blob, Entry entry) {}

  private static byte[] format(Repository repository, ObjectId commit, ObjectId tree,
      StateIndex index) throws IOException {
    Map<String, Integer> strings = new LinkedHashMap<>();
    ByteArrayOutputStream listing = new ByteArrayOutputStream(1 << 12);
    DataOutputStream lo = new DataOutputStream(listing);
    int listed = 0;
    List<List<Listed>> chunks = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader();
         TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      while (walk.next()) {
        String path = walk.getPathString();
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        ObjectId id = walk.getObjectId(0);
        if (walk.isSubtree()) {
          if (dir.equals(PROMOTIONS_DIR)) {
            List<Listed> chunk = chunk(reader, path, id, index, commit);
            if (chunk == null) {
              return null;
            }
            lo.writeByte(TREE);
            lo.writeInt(intern(strings, dir));
            lo.writeUTF(name);
            id.copyRawTo(lo);
            lo.writeInt(chunks.size());
            chunks.add(chunk);
            listed++;
          } else if (dir.equals(KEYS_DIR)) {
            lo.writeByte(TREE);
            lo.writeInt(intern(strings, dir));
            lo.writeUTF(name);
            id.copyRawTo(lo);
            lo.writeInt(-1);
            listed++;
          } else {
            walk.enterSubtree();
          }
          continue;
        }
        lo.writeByte(FILE);
        lo.writeInt(intern(strings, dir));
        lo.writeUTF(name);
        id.copyRawTo(lo);
        listed++;
      }
    }
    lo.flush();
    // Rows newest first; each chunk entry says which row is its summary.
    List<int[]> order = new ArrayList<>();
    for (int c = 0; c < chunks.size(); c++) {
      for (int s = 0; s < chunks.get(c).size(); s++) {
        order.add(new int[] {c, s});
      }
    }
    order.sort((a, b) -> StateIndex.ENTRIES_NEWEST_FIRST.compare(
        chunks.get(a[0]).get(a[1]).entry(), chunks.get(b[0]).get(b[1]).entry()));
    int[][] rowOf = new int[chunks.size()][];
    int[][] rankOf = new int[chunks.size()][];
    int[][] offsetOf = new int[chunks.size()][];
    for (int c = 0; c < chunks.size(); c++) {
      rowOf[c] = new int[chunks.get(c).size()];
      rankOf[c] = new int[chunks.get(c).size()];
      offsetOf[c] = new int[chunks.get(c).size()];
    }
    // The same promotions in id order; each chunk entry says its place there too.
    List<int[]> byId = new ArrayList<>(order);
    byId.sort((a, b) -> chunks.get(a[0]).get(a[1]).entry().id()
        .compareTo(chunks.get(b[0]).get(b[1]).entry().id()));
    for (int r = 0; r < byId.size(); r++) {
      rankOf[byId.get(r)[0]][byId.get(r)[1]] = r;
    }
    ByteArrayOutputStream rows = new ByteArrayOutputStream(
        order.size() * StateIndexChunks.ROW_BYTES + 16);
    DataOutputStream ro = new DataOutputStream(rows);
    for (int r = 0; r < order.size(); r++) {
      int c = order.get(r)[0];
      int s = order.get(r)[1];
      rowOf[c][s] = r;
      Entry e = chunks.get(c).get(s).entry();
      ro.writeInt(intern(strings, e.project().value()));
      ro.writeInt(intern(strings, e.target().value()));
      ro.writeByte(e.status().ordinal());
      ro.writeInt(intern(strings, e.requester().value()));
      ro.writeLong(e.requestedAt().getEpochSecond());
      ro.writeInt(e.requestedAt().getNano());
      ro.writeByte(e.claimed() ? 1 : 0);
      ro.writeInt(c);
      ro.writeInt(s);
    }
    ro.flush();
    ByteArrayOutputStream chunkBytes = new ByteArrayOutputStream(order.size() * 64 + 16);
    DataOutputStream co = new DataOutputStream(chunkBytes);
    int[] offsets = new int[chunks.size()];
    HexFormat hex = HexFormat.of();
    for (int c = 0; c < chunks.size(); c++) {
      offsets[c] = co.size();
      List<Listed> chunk = chunks.get(c);
      for (int s = 0; s < chunk.size(); s++) {
        Listed l = chunk.get(s);
        offsetOf[c][s] = co.size();
        co.writeUTF(l.name());
        l.blob().copyRawTo(co);
        String keyPath = l.entry().keyPath();
        co.writeBoolean(keyPath != null);
        if (keyPath != null) {
          co.write(hex.parseHex(keyPath.substring(keyPath.lastIndexOf('/') + 1)));
        }
        co.writeInt(rowOf[c][s]);
        co.writeInt(rankOf[c][s]);
      }
    }
    co.flush();
    ByteArrayOutputStream idBytes = new ByteArrayOutputStream(
        byId.size() * StateIndexChunks.ID_BYTES + 16);
    DataOutputStream io = new DataOutputStream(idBytes);
    for (int[] at : byId) {
      io.writeInt(offsetOf[at[0]][at[1]]);
    }
    io.flush();
    ByteArrayOutputStream whole = new ByteArrayOutputStream(
        listing.size() + rows.size() + idBytes.size() + chunkBytes.size() + 4096);
    DataOutputStream head = new DataOutputStream(whole);
    head.write(MAGIC);
    head.writeInt(VERSION);
    commit.copyRawTo(head);
    tree.copyRawTo(head);
    head.writeInt(strings.size());
    for (String s : strings.keySet()) {
      head.writeUTF(s);
    }
    head.writeInt(listed);
    head.flush();
    listing.writeTo(whole);
    head.writeInt(chunks.size());
    for (int c = 0; c < chunks.size(); c++) {
      head.writeInt(offsets[c]);
      head.writeInt(chunks.get(c).size());
    }
    head.writeInt(order.size());
    head.flush();
    rows.writeTo(whole);
    idBytes.writeTo(whole);
    chunkBytes.writeTo(whole);
    CRC32C crc = new CRC32C();
    byte[] bytes = whole.toByteArray();
    crc.update(bytes, 0, bytes.length);
    byte[] result = Arrays.copyOf(bytes, bytes.length + 8);
    ByteBuffer.wrap(result, bytes.length, 8).putLong(crc.getValue());
    return result;
  }

  // The promotions of one folder in tree order, each with its summary; null (and a warning)
  // when the index does not describe the folder as it is on the commit.
  private static List<Listed> chunk(ObjectReader reader, String folder, ObjectId folderTree,
      StateIndex index, ObjectId commit) throws IOException {
    List<Listed> chunk = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(folderTree);
      while (walk.next()) {
        String name = walk.getNameString();
        ObjectId blob = walk.getObjectId(0);
        Entry e = walk.getRawMode(0) == FileMode.REGULAR_FILE.getBits() && name.endsWith(JSON)
            ? index.entry(dev.baton.model.PromotionId.of(
                name.substring(0, name.length() - JSON.length())))
            : null;
        if (e == null || !e.blob().equals(blob)) {
          LOG.warn("not writing the state index: {}/{} is not indexed as on {}", folder, name,
              commit.name());
          return null;
        }
        chunk.add(new Listed(name, blob.copy(), e));
      }
    }
    return chunk;
  }

  private static int intern(Map<String, Integer> strings, String s) {
    Integer at = strings.get(s);
    if (at == null) {
      at = strings.size();
      strings.put(s, at);
    }
    return at;
  }

  static ObjectId readId(DataInputStream in) throws IOException {
    byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
    in.readFully(raw);
    return ObjectId.fromRaw(raw);
  }

  /** A byte array input stream that says how far it has read. */
  static final class Counting extends ByteArrayInputStream {
    private final int start;

    Counting(byte[] bytes, int offset, int length) {
      super(bytes, offset, length);
      this.start = offset;
    }

    /** Bytes read since the start offset. */
    int position() {
      return pos - start;
    }
  }

  /**
   * Hashes files given in tree order (as a recursive tree walk lists them) back into Git trees,
   * to the root tree's id. Entries out of order, or anything else than the real tree, give
   * another id. Formats each tree into a reused buffer and hashes it with the JDK's SHA-1 (no
   * per-tree buffers, no collision detection: the ids are only compared with the real ones).
   */
  static final class TreeHasher {
    private static final byte[] FILE_MODE = "100644 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TREE_MODE = "40000 ".getBytes(StandardCharsets.US_ASCII);
    private final MessageDigest sha1 = sha1();
    private final Deque<String> dirs = new ArrayDeque<>();
    private final Deque<Buffer> trees = new ArrayDeque<>();
    private final Deque<Buffer> spare = new ArrayDeque<>();
    private final byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];

    TreeHasher() {
      dirs.push("");
      trees.push(new Buffer());
    }

    /** Adds a file; files come in tree order (as a recursive tree walk lists them). */
    void add(String dir, String name, ObjectId blob) {
      descend(dir);
      blob.copyRawTo(raw, 0);
      trees.peek().entry(FILE_MODE, name, raw);
    }

    /** Adds a subtree whose id is known, at its place in tree order. */
    void addTree(String dir, String name, ObjectId tree) {
      descend(dir);
      tree.copyRawTo(raw, 0);
      trees.peek().entry(TREE_MODE, name, raw);
    }

    // Closes the trees that do not contain dir, then opens those down to it.
    private void descend(String dir) {
      while (!within(dir, dirs.peek())) {
        close();
      }
      while (!dirs.peek().equals(dir)) {
        String top = dirs.peek();
        int from = top.isEmpty() ? 0 : top.length() + 1;
        int next = dir.indexOf('/', from);
        dirs.push(next < 0 ? dir : dir.substring(0, next));
        Buffer b = spare.isEmpty() ? new Buffer() : spare.pop();
        b.length = 0;
        trees.push(b);
      }
    }

    ObjectId finish() {
      while (dirs.size() > 1) {
        close();
      }
      return hash(trees.peek());
    }

    private void close() {
      String dir = dirs.pop();
      Buffer b = trees.pop();
      hash(b).copyRawTo(raw, 0);
      spare.push(b);
      trees.peek().entry(TREE_MODE, dir.substring(dir.lastIndexOf('/') + 1), raw);
    }

    private ObjectId hash(Buffer b) {
      sha1.reset();
      sha1.update(("tree " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
      sha1.update(b.bytes, 0, b.length);
      return ObjectId.fromRaw(sha1.digest());
    }

    private static boolean within(String dir, String top) {
      return top.isEmpty() || dir.equals(top) || dir.startsWith(top + "/");
    }

    private static MessageDigest sha1() {
      try {
        return MessageDigest.getInstance("SHA-1");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-1", e);
      }
    }
  }

  /** A growable byte buffer holding one tree's entries. */
  private static final class Buffer {
    private byte[] bytes = new byte[1 << 14];
    private int length;

    void entry(byte[] mode, String name, byte[] id) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      int need = length + mode.length + n.length + 1 + id.length;
      if (need > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
      }
      System.arraycopy(mode, 0, bytes, length, mode.length);
      length += mode.length;
      System.arraycopy(n, 0, bytes, length, n.length);
      length += n.length;
      bytes[length++] = 0;
      System.arraycopy(id, 0, bytes, length, id.length);
      length += id.length;
    }
  }
}
