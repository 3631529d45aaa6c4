package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.git.state.internal.StateLayout.Location;
import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.NotificationId;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.PromotionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The content of one commit of the state ref, indexed for the store's reads. It is kept up to
 * date by applying the files that changed between two commits, so a refresh costs what changed,
 * not what is stored. Promotions are held as compact {@link Entry summaries} (what the filters
 * and the order need, and the blob id of the document); a promotion's document is read only
 * when it is returned, through {@link Documents}. A first page is found in one pass over the
 * summaries; a deeper page, or the fifth first page, sorts them (once, kept sorted from then
 * on), so a command that opens a large store, reads a page and exits never sorts it, and a
 * long-lived reader pays for the order once. Opened from a derived index file, it reads that
 * file's promotions on demand ({@link Base}): a promotion folder's summaries when one of them is
 * asked for or changes, the file's newest-first rows for a first page. An executing-only
 * query (what every execution start asks, {@link PromotionQuery#executingOnly}) is answered
 * from the entries that hold a claim, kept beside the others, and the file's rows that hold one,
 * so it costs the claims, not the store, and neither counts as a pass nor orders anything.
 * Not thread-safe: {@link GitStateStore} guards it with its lock.
 */
final class StateIndex {
  /** Newest first: request time, then id, both descending. */
  static final Comparator<Promotion> NEWEST_FIRST = Comparator
      .comparing(Promotion::requestedAt, Comparator.reverseOrder())
      .thenComparing(Promotion::id, Comparator.reverseOrder());

  /** {@link #NEWEST_FIRST} on the index's entries. */
  static final Comparator<Entry> ENTRIES_NEWEST_FIRST = Comparator
      .comparing(Entry::requestedAt, Comparator.reverseOrder())
      .thenComparing(Entry::id, Comparator.reverseOrder());

  private static final Comparator<PendingNotification> OLDEST_FIRST = Comparator
      .comparing((PendingNotification n) -> n.notification().createdAt())
      .thenComparing(n -> n.notification().id());

  // A query whose page ends within this many matches is answered by one pass over the
  // promotions while they are not ordered yet; a deeper page orders them once for good.
  private static final int NEWEST_WITHOUT_ORDER = 1024;
  // One pass costs about a third of ordering everything, and an ordered project's page costs
  // a fraction of a pass: a short-lived command (a few queries) never orders, a long-lived
  // reader (a server answering history pages) orders once after this many passes.
  private static final int PASSES_BEFORE_ORDER = 4;

  /**
   * One file that changed between two commits, already parsed.
   *
   * @param location what the file is
   * @param value the parsed content (for a promotion a {@link Doc} or its {@link Entry}), or
   *     null when the file was removed
   */
  record Change(Location location, Object value) {}

  /** A parsed promotion document and the blob it was read from (or written as). */
  record Doc(Promotion promotion, ObjectId blob) {}

  /**
   * What the index keeps of one promotion: everything {@link PromotionQuery} filters and orders
   * on, where its idempotency key file is, and the blob id of its document.
   *
   * @param keyPath the path of its idempotency key file, or null without a key
   */
  record Entry(PromotionId id, ProjectId project, EnvironmentName target,
      PromotionStatus status, UserId requester, Instant requestedAt, boolean claimed,
      String keyPath, ObjectId blob) {

    static Entry of(Promotion p, ObjectId blob) {
      return new Entry(p.id(), p.project(), p.target(), p.status(), p.requester(),
          p.requestedAt(), p.claim().isPresent(),
          p.idempotencyKey().map(k -> StateLayout.keyPath(p.project(), k)).orElse(null),
          blob.copy());
    }

    /** {@link PromotionQuery#matches} on the summary. */
    boolean matches(PromotionQuery q) {
      return q.matches(project, target, status, requester, requestedAt, claimed);
    }
  }

  /**
   * The promotions and key files of a derived index file, read on demand
   * ({@link StateIndexChunks}): promotions by chunk (one promotion folder each), queries
   * scanned on the file's summary rows, key files looked up by path.
   */
  interface Base {
    /** How many chunks there are. */
    int chunks();

    /** The chunk a promotion would be in; -1 when the file has no such folder. */
    int chunkOf(PromotionId id);

    /** How many promotions a chunk holds. */
    int size(int chunk);

    /**
     * The summaries of a chunk's promotions.
     *
     * @throws StaleIndexException when the chunk is not its folder's tree
     */
    List<Entry> load(int chunk);

    /**
     * How many promotions of the chunks not loaded match the query. An executing-only query
     * looks at the file's rows that held a claim when it was written (after one pass over all
     * rows on the first such query); any other query at every row.
     */
    long count(PromotionQuery q, boolean[] loaded);

    /**
     * The chunks holding the newest {@code wanted} matches among the chunks not loaded, at the
     * cost {@link #count} says.
     */
    Set<Integer> newestChunks(PromotionQuery q, boolean[] loaded, int wanted);

    /**
     * The first ids in id order that start with {@code prefix} among the chunks not loaded, at
     * most {@code limit}, none after {@code bound} (null: no bound).
     *
     * @throws StaleIndexException when the file's id order cannot be read or is out of order
     */
    List<PromotionId> idsByPrefix(String prefix, boolean[] loaded, int limit,
        PromotionId bound);

    /** The blob id of a key file, if the file's commit has it. */
    Optional<ObjectId> keyFile(String path);

    /** Looks up several key files at once, so that {@link #keyFile} then answers at once. */
    void readKeyFiles(Collection<String> paths);

    /** Every key file of the file's commit: path to blob id. */
    Map<String, ObjectId> keyFiles();

    /** The promotion a key file names, if it holds an id. */
    Optional<PromotionId> named(ObjectId keyFile);
  }

  /** Reads the document an entry describes. */
  interface Documents {
    /**
     * The promotion the entry describes, read by its blob id.
     *
     * @throws StaleIndexException when the document does not match the entry
     */
    Promotion load(Entry entry);

    /** Remembers a document just parsed or written, so reading it again costs nothing. */
    void remember(Doc doc);
  }

  /**
   * An entry did not match its document: the index came from a derived file that lies. The
   * caller rebuilds the index from the commit and asks again.
   */
  static final class StaleIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleIndexException(String message) {
      super(message, null, false, false);
    }
  }

  // A key file removed since the derived file's commit, while its key files are read on demand.
  private static final ObjectId REMOVED = ObjectId.zeroId();

  private final Documents documents;
  // The derived file's promotions not read yet, and its key files (null: all are in the maps
  // below). The maps then hold the chunks read so far and every change since the file.
  private Base base;
  private boolean[] loaded;
  private long unloaded;

  private Map<PromotionId, Entry> promotions = new HashMap<>();
  // The newest-first views, built by the first query for a page deeper than
  // NEWEST_WITHOUT_ORDER or after PASSES_BEFORE_ORDER first pages, and kept up to date from
  // then on (null before): a command that asks for single promotions and a few first pages
  // never sorts its promotions.
  private NavigableSet<Entry> newestFirst;
  private int passes;
  // The ids of `promotions` in order, built by the first ids-by-prefix query (null before) and
  // kept up to date from then on: a store that is never asked for a prefix never sorts its ids.
  private NavigableSet<PromotionId> sortedIds;
  private int chunksLoaded;
  // How many entries the queries compared with their filters (for tests and tuning).
  private long entriesLookedAt;
  private Map<ProjectId, NavigableSet<Entry>> byProject;
  // key path -> promotions whose idempotency key maps there (more than one is corrupt); the
  // sets are immutable, mostly of one id, so a large store holds no set object per key
  private Map<String, Set<PromotionId>> keyOwners = new HashMap<>();
  // key path -> blob id of the key file on the ref
  private Map<String, ObjectId> keyFiles = new HashMap<>();
  // The entries of `promotions` that hold an execution claim, kept with it in add,
  // removePromotion and clear: a claim lives while its promotion executes, so this stays small.
  private final Map<PromotionId, Entry> claimed = new HashMap<>();
  private final Map<String, PromotionId> claims = new HashMap<>();
  private final Map<String, PendingNotification> outbox = new HashMap<>();
  private final Map<ProjectId, Pipeline> pipelines = new TreeMap<>();
  private final Map<String, Freeze> freezes = new HashMap<>();
  private final Map<String, TreeMap<String, BreakGlass>> sessions = new HashMap<>();
  private final Set<String> touchedKeys = new HashSet<>();
  private boolean hasFormat;

  StateIndex(Documents documents) {
    this.documents = documents;
  }

  // ---- applying changes -------------------------------------------------------------------

  /**
   * Applies the changes between the indexed commit and the next one, then checks what must
   * hold across files.
   *
   * @param refExists whether the next commit exists (an absent ref is an empty store)
   * @throws BatonException STORE_CORRUPT; the index is then unusable and must be
   *     cleared
   */
  void applyAll(List<Change> changes, boolean refExists) {
    for (Change c : changes) {
      apply(c);
    }
    if (refExists && !hasFormat) {
      throw StateLayout.corrupt(StateLayout.FORMAT_PATH,
          "is missing: the state ref holds no Baton state (foreign data)");
    }
    verifyKeys();
  }

  void clear() {
    base = null;
    loaded = null;
    unloaded = 0;
    promotions = new HashMap<>();
    newestFirst = null;
    byProject = null;
    sortedIds = null;
    keyOwners = new HashMap<>();
    keyFiles = new HashMap<>();
    claimed.clear();
    claims.clear();
    outbox.clear();
    pipelines.clear();
    freezes.clear();
    sessions.clear();
    touchedKeys.clear();
    hasFormat = false;
  }

  void apply(Change c) {
    Location at = c.location();
    Object v = c.value();
    switch (at.kind()) {
      case FORMAT -> hasFormat = v != null;
      case PROMOTION -> {
        PromotionId id = PromotionId.of(at.name());
        loadChunkOf(id);
        removePromotion(id);
        if (v instanceof Doc doc) {
          documents.remember(doc);
          putPromotion(Entry.of(doc.promotion(), doc.blob()));
        } else if (v != null) {
          putPromotion((Entry) v);
        }
      }
      case KEY -> {
        if (base != null) {
          keyFiles.put(at.path(), v == null ? REMOVED : (ObjectId) v);
        } else {
          putOrRemove(keyFiles, at.path(), (ObjectId) v);
        }
        touchedKeys.add(at.path());
      }
      case CLAIM -> putOrRemove(claims, at.path(), (PromotionId) v);
      case OUTBOX -> putOrRemove(outbox, at.path(), (PendingNotification) v);
      case PIPELINE -> putOrRemove(pipelines, ProjectId.of(at.project()), (Pipeline) v);
      case FREEZE -> putOrRemove(freezes, at.path(), (Freeze) v);
      case BREAK_GLASS -> {
        String dir = at.path().substring(0, at.path().lastIndexOf('/'));
        TreeMap<String, BreakGlass> inDir = sessions.computeIfAbsent(dir, k -> new TreeMap<>());
        putOrRemove(inDir, at.name(), (BreakGlass) v);
        if (inDir.isEmpty()) {
          sessions.remove(dir);
        }
      }
      default -> throw new IllegalStateException("unhandled kind " + at.kind());
    }
  }

  private void removePromotion(PromotionId id) {
    Entry old = promotions.remove(id);
    if (old != null) {
      claimed.remove(id);
      if (sortedIds != null) {
        sortedIds.remove(id);
      }
      if (newestFirst != null) {
        newestFirst.remove(old);
        byProject.get(old.project()).remove(old);
      }
      if (old.keyPath() != null) {
        unown(old.keyPath(), old.id());
      }
    }
  }

  /** Adds a promotion's entry (its id must not be indexed yet). */
  void putPromotion(Entry e) {
    loadChunkOf(e.id());
    add(e);
    if (e.keyPath() != null) {
      touchedKeys.add(e.keyPath());
    }
  }

  private void add(Entry e) {
    promotions.put(e.id(), e);
    if (e.claimed()) {
      claimed.put(e.id(), e);
    } else {
      // add is never given an id indexed already; if it were, a claim must not outlive it
      claimed.remove(e.id());
    }
    if (sortedIds != null) {
      sortedIds.add(e.id());
    }
    if (newestFirst != null) {
      newestFirst.add(e);
      byProject.computeIfAbsent(e.project(), k -> new TreeSet<>(ENTRIES_NEWEST_FIRST)).add(e);
    }
    if (e.keyPath() != null) {
      keyOwners.merge(e.keyPath(), Set.of(e.id()), StateIndex::union);
    }
  }

  /**
   * Makes the empty index describe a derived file's promotions and key files, read from it on
   * demand (to be checked by {@link #verifyAll}).
   */
  void useBase(Base file) {
    if (!promotions.isEmpty() || !keyFiles.isEmpty()) {
      throw new IllegalStateException("a derived file fills an empty index only");
    }
    base = file;
    loaded = new boolean[file.chunks()];
    unloaded = 0;
    for (int c = 0; c < loaded.length; c++) {
      unloaded += file.size(c);
    }
  }

  // Reads the chunk a promotion would be in, if it is not read yet.
  private void loadChunkOf(PromotionId id) {
    if (base != null) {
      int chunk = base.chunkOf(id);
      if (chunk >= 0 && !loaded[chunk]) {
        loadChunk(chunk);
      }
    }
  }

  private void loadChunk(int chunk) {
    List<Entry> entries = base.load(chunk);
    if (promotions.isEmpty()) {
      promotions = new HashMap<>(capacity((int) Math.min(unloaded, 1 << 20)));
    }
    loaded[chunk] = true;
    chunksLoaded++;
    unloaded -= base.size(chunk);
    for (Entry e : entries) {
      add(e);
    }
  }

  /**
   * Reads every promotion and key file the derived file left to be read on demand, and checks
   * what must hold across files on all of them; nothing is read on demand afterwards.
   *
   * @throws StaleIndexException when a chunk does not match its folder
   */
  void loadAll() {
    if (base == null) {
      return;
    }
    for (int c = 0; c < loaded.length; c++) {
      if (!loaded[c]) {
        loadChunk(c);
      }
    }
    Map<String, ObjectId> keys = base.keyFiles();
    keyFiles.forEach((path, id) -> {
      if (id.equals(REMOVED)) {
        keys.remove(path);
      } else {
        keys.put(path, id);
      }
    });
    keyFiles = keys;
    base = null;
    loaded = null;
    unloaded = 0;
    verifyAll();
  }

  private static int capacity(int size) {
    return (int) Math.min(1 << 30, size * 4L / 3 + 16);
  }

  private static Set<PromotionId> union(Set<PromotionId> a, Set<PromotionId> b) {
    Set<PromotionId> both = new HashSet<>(a);
    both.addAll(b);
    return Set.copyOf(both);
  }

  /** Marks the FORMAT file present (its content checked by the caller). */
  void formatPresent() {
    hasFormat = true;
  }

  /**
   * Checks what must hold across files on every file indexed, as {@link #applyAll} does on
   * the changed ones: used after filling the index from a derived file.
   */
  void verifyAll() {
    if (!hasFormat) {
      throw StateLayout.corrupt(StateLayout.FORMAT_PATH,
          "is missing: the state ref holds no Baton state (foreign data)");
    }
    touchedKeys.clear();
    if (base != null) {
      return; // key files are checked as they change, and all of them by loadAll
    }
    MessageDigest sha1 = sha1();
    for (Map.Entry<String, Set<PromotionId>> owned : keyOwners.entrySet()) {
      verifyKey(sha1, owned.getKey(), owned.getValue(), keyFiles.get(owned.getKey()));
    }
    // Every owned path has its file (checked above); equal counts leave no file without owner.
    if (keyFiles.size() != keyOwners.size()) {
      for (String path : keyFiles.keySet()) {
        verifyKey(sha1, path);
      }
    }
  }

  /** The entry of a promotion, or null. */
  Entry entry(PromotionId id) {
    loadChunkOf(id);
    return promotions.get(id);
  }

  private void unown(String keyPath, PromotionId id) {
    Set<PromotionId> owners = keyOwners.get(keyPath);
    if (owners != null && owners.contains(id)) {
      if (owners.size() == 1) {
        keyOwners.remove(keyPath);
      } else {
        Set<PromotionId> rest = new HashSet<>(owners);
        rest.remove(id);
        keyOwners.put(keyPath, Set.copyOf(rest));
      }
    }
    touchedKeys.add(keyPath);
  }

  private static <K, V> void putOrRemove(Map<K, V> map, K key, V value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  // Every promotion with an idempotency key has exactly one key file naming it, and every key
  // file names such a promotion. Only paths touched since the last check are looked at.
  private void verifyKeys() {
    MessageDigest sha1 = sha1();
    try {
      if (base != null) {
        base.readKeyFiles(touchedKeys);
      }
      for (String path : touchedKeys) {
        verifyKey(sha1, path);
      }
    } finally {
      touchedKeys.clear();
    }
  }

  private void verifyKey(MessageDigest sha1, String path) {
    loadOwnerOf(path);
    verifyKey(sha1, path, keyOwners.getOrDefault(path, Set.of()), keyFile(path));
  }

  // The key file at a path: from the changes since the derived file, or from its commit.
  private ObjectId keyFile(String path) {
    ObjectId file = keyFiles.get(path);
    if (base == null) {
      return file;
    }
    if (file != null) {
      return file.equals(REMOVED) ? null : file;
    }
    return base.keyFile(path).orElse(null);
  }

  // While chunks are read on demand: reads the chunk of the promotion a key file names, so
  // its owners are indexed.
  private void loadOwnerOf(String keyPath) {
    if (base != null) {
      ObjectId file = keyFile(keyPath);
      if (file != null) {
        base.named(file).ifPresent(this::loadChunkOf);
      }
    }
  }

  private static void verifyKey(MessageDigest sha1, String path, Set<PromotionId> owners,
      ObjectId file) {
    if (owners.size() > 1) {
      throw StateLayout.corrupt(path, "is the idempotency key of several promotions: "
          + new TreeSet<>(owners));
    }
    if (owners.isEmpty() && file != null) {
      throw StateLayout.corrupt(path, "names no promotion with that idempotency key");
    }
    if (!owners.isEmpty()) {
      PromotionId owner = owners.iterator().next();
      if (file == null) {
        throw StateLayout.corrupt(path, "is missing: promotion '" + owner
            + "' has that idempotency key");
      }
      if (!file.equals(blobId(sha1, StateLayout.idFile(owner)))) {
        throw StateLayout.corrupt(path, "does not name promotion '" + owner
            + "', which has that idempotency key");
      }
    }
  }

  // The Git id of a blob, with the JDK's SHA-1 (faster than JGit's collision-detecting one;
  // the id is only compared with an id read from the ref).
  private static ObjectId blobId(MessageDigest sha1, byte[] content) {
    sha1.reset();
    sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
    sha1.update(content);
    return ObjectId.fromRaw(sha1.digest());
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  // ---- reads ------------------------------------------------------------------------------

  Optional<Promotion> promotion(PromotionId id) {
    Entry e = entry(id);
    return e == null ? Optional.empty() : Optional.of(documents.load(e));
  }

  Optional<Promotion> promotionByKey(ProjectId project, String key) {
    String path = StateLayout.keyPath(project, key);
    loadOwnerOf(path);
    Set<PromotionId> owners = keyOwners.getOrDefault(path, Set.of());
    return owners.stream().map(promotions::get)
        .filter(e -> e.project().equals(project))
        .map(documents::load)
        .filter(p -> p.project().equals(project) && p.idempotencyKey().orElse("").equals(key))
        .findFirst();
  }

  Page<Promotion> query(PromotionQuery q) {
    if (q.executingOnly()) {
      return executing(q);
    }
    long wanted = (long) q.offset() + q.limit();
    if (newestFirst == null && wanted <= NEWEST_WITHOUT_ORDER && passes < PASSES_BEFORE_ORDER) {
      passes++;
      return newestMatches(q, (int) wanted, readNewestOfBase(q, (int) wanted));
    }
    loadAll();
    order();
    NavigableSet<Entry> pool = q.project()
        .map(p -> byProject.getOrDefault(p, Collections.emptyNavigableSet()))
        .orElse(newestFirst);
    List<Entry> page = new ArrayList<>(Math.min(q.limit(), 64));
    long total = 0;
    for (Entry e : pool) {
      entriesLookedAt++;
      if (e.matches(q)) {
        if (total >= q.offset() && page.size() < q.limit()) {
          page.add(e);
        }
        total++;
      }
    }
    List<Promotion> items = new ArrayList<>(page.size());
    for (Entry e : page) {
      items.add(documents.load(e));
    }
    return new Page<>(items, q.offset(), total);
  }

  // An executing-only query from the claimed entries and, while the derived file is read on
  // demand, its claimed rows (StateIndexChunks keeps those): the chunks of the newest
  // offset + limit matching rows are read, so every match a page can show is an entry by
  // then, and the other matching rows are only counted, as for any first page.
  private Page<Promotion> executing(PromotionQuery q) {
    int wanted = (int) Math.min(Integer.MAX_VALUE, (long) q.offset() + q.limit());
    long notLoaded = readNewestOfBase(q, wanted);
    List<Entry> matches = new ArrayList<>();
    for (Entry e : claimed.values()) {
      entriesLookedAt++;
      if (e.matches(q)) {
        matches.add(e);
      }
    }
    matches.sort(ENTRIES_NEWEST_FIRST);
    List<Promotion> items = new ArrayList<>();
    for (Entry e : matches.subList(Math.min(q.offset(), matches.size()),
        Math.min(wanted, matches.size()))) {
      items.add(documents.load(e));
    }
    return new Page<>(items, q.offset(), matches.size() + notLoaded);
  }

  // While the derived file is read on demand: the chunks of its newest `wanted` matches are read
  // now (so every match a first page can show is an entry by then), and the matches of the
  // chunks still not read are only counted. The count is returned; 0 without a file.
  private long readNewestOfBase(PromotionQuery q, int wanted) {
    if (base == null) {
      return 0;
    }
    for (int chunk : base.newestChunks(q, loaded, wanted)) {
      loadChunk(chunk);
    }
    return base.count(q, loaded);
  }

  // A first page without ordering every promotion (what a command run once asks): one pass
  // counts the matches and keeps the newest few in a heap whose head is the oldest kept.
  private Page<Promotion> newestMatches(PromotionQuery q, int wanted, long notLoaded) {
    PriorityQueue<Entry> kept =
        new PriorityQueue<>(Math.max(1, wanted + 1), ENTRIES_NEWEST_FIRST.reversed());
    long total = notLoaded;
    for (Entry e : promotions.values()) {
      entriesLookedAt++;
      if (e.matches(q)) {
        total++;
        if (kept.size() < wanted) {
          kept.add(e);
        } else if (wanted > 0 && ENTRIES_NEWEST_FIRST.compare(e, kept.peek()) < 0) {
          kept.poll();
          kept.add(e);
        }
      }
    }
    List<Entry> newest = new ArrayList<>(kept);
    newest.sort(ENTRIES_NEWEST_FIRST);
    List<Promotion> items = new ArrayList<>();
    for (Entry e : newest.subList(Math.min(q.offset(), newest.size()), newest.size())) {
      items.add(documents.load(e));
    }
    return new Page<>(items, q.offset(), total);
  }

  /**
   * The first ids in id order that start with {@code prefix}, at most {@code limit}: from the
   * ids indexed so far and, while the derived file is read on demand, from its id order, whose
   * answers are then checked by reading their chunks. The file's id order is walked only up to
   * the last id the index already has among the first {@code limit}, so the walk costs the
   * answer (and the ids removed since the file, which are few), not the store.
   *
   * @throws StaleIndexException when the file's id order does not match its chunks
   */
  List<PromotionId> idsByPrefix(String prefix, int limit) {
    if (sortedIds == null) {
      sortedIds = new TreeSet<>(promotions.keySet());
    }
    List<PromotionId> known = firstIds(prefix, limit);
    if (base == null) {
      return known;
    }
    // Every chunk read is in sortedIds, so the file is asked about the others only.
    PromotionId bound = known.size() == limit ? known.get(limit - 1) : null;
    List<PromotionId> fromFile = base.idsByPrefix(prefix, loaded, limit, bound);
    if (fromFile.isEmpty()) {
      return known;
    }
    for (PromotionId id : fromFile) {
      loadChunkOf(id);
      if (!promotions.containsKey(id)) {
        throw new StaleIndexException("the state index file's id order names " + id
            + ", which its chunk does not hold");
      }
    }
    return firstIds(prefix, limit);
  }

  private List<PromotionId> firstIds(String prefix, int limit) {
    return PromotionStore.firstIdsByPrefix(sortedIds, prefix, limit);
  }

  /** How many chunks of the derived file were read (for tests and tuning). */
  int chunksLoaded() {
    return chunksLoaded;
  }

  /** How many entries the queries so far compared with their filters (for tests and tuning). */
  long entriesLookedAt() {
    return entriesLookedAt;
  }

  // Builds the newest-first views once: one sort, then trees built from sorted input in
  // linear time (TreeSet copies a SortedSet without comparing).
  private void order() {
    if (newestFirst != null) {
      return;
    }
    loadAll();
    List<Entry> all = new ArrayList<>(promotions.values());
    all.sort(ENTRIES_NEWEST_FIRST);
    Map<ProjectId, List<Entry>> perProject = new HashMap<>();
    for (Entry e : all) {
      perProject.computeIfAbsent(e.project(), k -> new ArrayList<>()).add(e);
    }
    Map<ProjectId, NavigableSet<Entry>> projects = new HashMap<>();
    perProject.forEach((p, list) -> projects.put(p, new TreeSet<>(new SortedEntries(list))));
    newestFirst = new TreeSet<>(new SortedEntries(all));
    byProject = projects;
  }

  int promotionCount() {
    return (int) (promotions.size() + unloaded);
  }

  Optional<PromotionId> claim(ProjectId project, EnvironmentName target) {
    return Optional.ofNullable(claims.get(StateLayout.claimPath(project, target)));
  }

  Optional<PendingNotification> pending(NotificationId id) {
    return Optional.ofNullable(outbox.get(StateLayout.outboxPath(id)));
  }

  List<PendingNotification> due(Instant now, int limit) {
    return outbox.values().stream()
        .filter(n -> !n.nextAttemptAt().isAfter(now))
        .sorted(OLDEST_FIRST)
        .limit(limit)
        .toList();
  }

  Optional<Pipeline> pipeline(ProjectId project) {
    return Optional.ofNullable(pipelines.get(project));
  }

  Set<ProjectId> projects() {
    return Set.copyOf(pipelines.keySet());
  }

  Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    return Optional.ofNullable(freezes.get(StateLayout.freezePath(project, environment)));
  }

  /** The environment's sessions by file name, in sequence order. */
  Map<String, BreakGlass> sessions(ProjectId project, EnvironmentName environment) {
    return sessions.getOrDefault(StateLayout.breakGlassDir(project, environment), new TreeMap<>());
  }

  /** The sequence number for the environment's next break-glass session. */
  int nextSessionSequence(ProjectId project, EnvironmentName environment) {
    TreeMap<String, BreakGlass> inDir =
        sessions.get(StateLayout.breakGlassDir(project, environment));
    if (inDir == null) {
      return 1;
    }
    int max = 0;
    for (String name : inDir.keySet()) {
      max = Math.max(max, StateLayout.sessionSequence(name));
    }
    return max + 1;
  }
}
