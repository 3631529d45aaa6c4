package dev.baton.git.state;

import dev.baton.git.state.StateIndex.Entry;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
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
import java.time.Instant;
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
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A derived file beside the state ref ({@code <common git dir>/baton/state-index} for the
 * default ref) that lets a store open without reading every state file: it names one state
 * commit and lists every file of that commit's tree, in tree order, with its blob id, and for
 * each promotion the {@link Entry summary} the index keeps.
 *
 * <p>It is never trusted: a file of another format version, a wrong checksum, or any damage
 * makes {@link #read} answer empty; and the listed paths and blob ids are hashed back into Git
 * trees whose root must be the tree the file names, so a file that lists anything else than
 * exactly that tree is refused too. (The caller then checks that the named commit has that
 * tree.) A summary is checked against its document whenever the document is read. The file is
 * replaced atomically (a temporary file renamed over it); several processes may write it, any
 * complete file describes some commit correctly. Not thread-safe: one instance per store, used
 * under its lock.
 */
final class StateIndexFile {
  private static final Logger LOG = LoggerFactory.getLogger(StateIndexFile.class);
  private static final byte[] MAGIC = "baton-state-index\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final byte PROMOTION = 'P';
  private static final byte KEY = 'K';
  private static final byte FORMAT = 'F';
  private static final byte OTHER = 'O';
  private static final String JSON = ".json";
  private static final PromotionStatus[] STATUSES = PromotionStatus.values();

  private final Path file;

  /**
   * What a file lists, checked against the trees it claims.
   *
   * @param commit the state commit it describes
   * @param tree that commit's tree, as the file says (the listed files hash to it)
   * @param promotions one summary per promotion file
   * @param keys key file path to blob id
   * @param format whether FORMAT is listed (with the blob of the expected content)
   * @param others every other file: path to blob id
   */
  record Snapshot(ObjectId commit, ObjectId tree, List<Entry> promotions,
      Map<String, ObjectId> keys, boolean format, Map<String, ObjectId> others) {}

  StateIndexFile(Repository repository, String ref) {
    Path dir = repository.getCommonDirectory().toPath().resolve("baton");
    this.file = dir.resolve(GitStateStore.DEFAULT_REF.equals(ref) ? "state-index"
        : "state-index-" + StateLayout.sha1Hex(ref).substring(0, 16));
  }

  Path path() {
    return file;
  }

  /** The file's content when it is complete, of this version, and hashes to its tree. */
  Optional<Snapshot> read() {
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
      return Optional.ofNullable(parse(bytes));
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring {}: it cannot be read ({})", file, e.toString());
      return Optional.empty();
    }
  }

  private Snapshot parse(byte[] bytes) throws IOException {
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
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length,
        bytes.length - 8 - MAGIC.length));
    int version = in.readInt();
    if (version != VERSION) {
      LOG.info("ignoring {}: format version {}, this Baton reads {}", file, version, VERSION);
      return null;
    }
    ObjectId commit = readId(in);
    ObjectId tree = readId(in);
    String[] strings = new String[in.readInt()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = in.readUTF();
    }
    Map<String, ProjectId> projects = new HashMap<>();
    Map<String, EnvironmentName> environments = new HashMap<>();
    Map<String, UserId> users = new HashMap<>();
    int count = in.readInt();
    List<Entry> promotions = new ArrayList<>(Math.min(count, 1 << 20));
    Map<String, ObjectId> keys = new HashMap<>(Math.min(count, 1 << 20) * 2);
    Map<String, ObjectId> others = new LinkedHashMap<>();
    boolean format = false;
    ObjectId formatBlob = new ObjectInserter.Formatter()
        .idFor(Constants.OBJ_BLOB, StateLayout.formatFile());
    TreeHasher trees = new TreeHasher();
    HexFormat hex = HexFormat.of();
    byte[] digest = new byte[20];
    for (int i = 0; i < count; i++) {
      byte kind = in.readByte();
      String dir = strings[in.readInt()];
      String name = in.readUTF();
      ObjectId blob = readId(in);
      trees.add(dir, name, blob);
      switch (kind) {
        case PROMOTION -> {
          if (!dir.startsWith(StateLayout.PROMOTIONS + "/") || !name.endsWith(JSON)) {
            return null;
          }
          PromotionId id = PromotionId.of(name.substring(0, name.length() - JSON.length()));
          ProjectId project = projects.computeIfAbsent(strings[in.readInt()], ProjectId::of);
          EnvironmentName target = environments.computeIfAbsent(strings[in.readInt()],
              EnvironmentName::of);
          PromotionStatus status = STATUSES[in.readUnsignedByte()];
          UserId requester = users.computeIfAbsent(strings[in.readInt()], UserId::of);
          Instant requestedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
          boolean claimed = in.readBoolean();
          String keyPath = null;
          if (in.readBoolean()) {
            in.readFully(digest);
            keyPath = StateLayout.KEYS + "/" + project.value() + "/" + hex.formatHex(digest);
          }
          promotions.add(new Entry(id, project, target, status, requester, requestedAt, claimed,
              keyPath, blob));
        }
        case KEY -> {
          if (!dir.startsWith(StateLayout.KEYS + "/")) {
            return null;
          }
          keys.put(dir + "/" + name, blob);
        }
        case FORMAT -> {
          if (!dir.isEmpty() || !name.equals(StateLayout.FORMAT_PATH) || !blob.equals(formatBlob)) {
            return null;
          }
          format = true;
        }
        case OTHER -> others.put(dir.isEmpty() ? name : dir + "/" + name, blob);
        default -> {
          return null;
        }
      }
    }
    if (in.available() != 0) {
      return null;
    }
    ObjectId hashed = trees.finish();
    if (!hashed.equals(tree)) {
      LOG.warn("ignoring {}: the files it lists are not tree {}", file, tree.name());
      return null;
    }
    return new Snapshot(commit, tree, promotions, keys, format, others);
  }

  /**
   * Replaces the file with one describing {@code commit}, whose tree {@code index} describes.
   * Failures are logged, never thrown: the file only saves time.
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

  private static byte[] format(Repository repository, ObjectId commit, ObjectId tree,
      StateIndex index) throws IOException {
    Map<String, Integer> strings = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);
    DataOutputStream out = new DataOutputStream(body);
    int count = 0;
    try (ObjectReader reader = repository.newObjectReader();
         TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      walk.addTree(tree);
      while (walk.next()) {
        String path = walk.getPathString();
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        ObjectId blob = walk.getObjectId(0);
        String top = slash < 0 ? path : path.substring(0, path.indexOf('/'));
        byte kind = switch (top) {
          case StateLayout.PROMOTIONS -> PROMOTION;
          case StateLayout.KEYS -> KEY;
          case StateLayout.FORMAT_PATH -> FORMAT;
          default -> OTHER;
        };
        out.writeByte(kind);
        out.writeInt(intern(strings, dir));
        out.writeUTF(name);
        blob.copyRawTo(out);
        if (kind == PROMOTION) {
          Entry e = name.endsWith(JSON)
              ? index.entry(PromotionId.of(name.substring(0, name.length() - JSON.length())))
              : null;
          if (e == null || !e.blob().equals(blob)) {
            LOG.warn("not writing the state index: {} is not indexed as on {}", path,
                commit.name());
            return null;
          }
          out.writeInt(intern(strings, e.project().value()));
          out.writeInt(intern(strings, e.target().value()));
          out.writeByte(e.status().ordinal());
          out.writeInt(intern(strings, e.requester().value()));
          out.writeLong(e.requestedAt().getEpochSecond());
          out.writeInt(e.requestedAt().getNano());
          out.writeBoolean(e.claimed());
          out.writeBoolean(e.keyPath() != null);
          if (e.keyPath() != null) {
            out.write(HexFormat.of().parseHex(
                e.keyPath().substring(e.keyPath().lastIndexOf('/') + 1)));
          }
        }
        count++;
      }
    }
    out.flush();
    ByteArrayOutputStream whole = new ByteArrayOutputStream(body.size() + 4096);
    DataOutputStream head = new DataOutputStream(whole);
    head.write(MAGIC);
    head.writeInt(VERSION);
    commit.copyRawTo(head);
    tree.copyRawTo(head);
    head.writeInt(strings.size());
    for (String s : strings.keySet()) {
      head.writeUTF(s);
    }
    head.writeInt(count);
    head.flush();
    body.writeTo(whole);
    CRC32C crc = new CRC32C();
    byte[] bytes = whole.toByteArray();
    crc.update(bytes, 0, bytes.length);
    byte[] result = Arrays.copyOf(bytes, bytes.length + 8);
    ByteBuffer.wrap(result, bytes.length, 8).putLong(crc.getValue());
    return result;
  }

  private static int intern(Map<String, Integer> strings, String s) {
    Integer at = strings.get(s);
    if (at == null) {
      at = strings.size();
      strings.put(s, at);
    }
    return at;
  }

  private static ObjectId readId(DataInputStream in) throws IOException {
    byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
    in.readFully(raw);
    return ObjectId.fromRaw(raw);
  }

  /**
   * Hashes files given in tree order (as a recursive tree walk lists them) back into Git trees,
   * to the root tree's id. Entries out of order, or anything else than the real tree, give
   * another id. Formats each tree into a reused buffer and hashes it with the JDK's SHA-1 (no
   * per-tree buffers, no collision detection: the ids are only compared with the real ones).
   */
  private static final class TreeHasher {
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

    void add(String dir, String name, ObjectId blob) {
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
      blob.copyRawTo(raw, 0);
      trees.peek().entry(FILE_MODE, name, raw);
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
