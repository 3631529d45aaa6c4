package dev.baton.memory;

import dev.baton.model.EnvironmentName;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory store's promotions and their history index, so that the engine's queries (the
 * last release into a target, the newest-release check, a history page) cost the page they return
 * and not the whole store: promotions newest first per project, per target and overall, with
 * counts by status, and the set of executing ones. A status filter walks the promotions of the
 * wanted statuses only. Each promotion sits in the index as one {@link Slot}: a new version that
 * keeps its place (request time, project, target) replaces the slot's content and moves it
 * only between status lists when its status changes, so most compare-and-sets cost a hash
 * look-up whatever the size of the history.
 *
 * <p>A slot whose promotion was not written in the latest {@link #UNPACKED_WRITES} writes, and
 * holds no execution claim, keeps it {@linkplain PackedPromotion packed}: a store that keeps
 * every promotion then keeps a few objects per promotion instead of forty-odd, which the
 * collector copied until they were old. A read unpacks it (a page, one promotion at a time); a
 * history filter and the last-release look read the packed fields they need without unpacking;
 * a write keeps the new version as objects until its write drops out of the ring in turn. Not
 * thread-safe: the store calls it with its lock held.
 */
final class PromotionIndex {
  /**
   * Slots by their promotions' places: newest request first, the id breaking ties, as the
   * store's page order does.
   */
  private static final Comparator<Slot> NEWEST_FIRST = (a, b) -> {
    // the slot's own fields, not its promotion's Instant: a binary search loads one object
    // per step
    int byTime = a.seconds != b.seconds ? Long.compare(b.seconds, a.seconds)
        : Integer.compare(b.nanos, a.nanos);
    return byTime != 0 ? byTime : b.id.compareTo(a.id);
  };

  private static final int STATUSES = PromotionStatus.values().length;

  /**
   * How many of the latest writes keep their promotions as objects: what the engine is working
   * on, the newest releases and the pages it reads of a target's newest (a manual deploy's
   * newest-release check reads 50) stay at hand; everything older is packed. With a ring of 256
   * writes (about 64 lifecycles) that check unpacked about 40 promotions per lifecycle and the
   * lifecycle allocated twice as much; at 4,096 it unpacks none in {@code LifecycleBenchmark}.
   */
  static final int UNPACKED_WRITES = 4096;

  private final Map<PromotionId, Slot> slots = new HashMap<>();
  private final Ordered all = new Ordered();
  private final Map<ProjectId, Ordered> byProject = new HashMap<>();
  private final Map<Target, Ordered> byTarget = new HashMap<>();
  private final Set<PromotionId> executing = new HashSet<>();
  private final PackedPromotion packer = new PackedPromotion();
  // the slots of the latest writes, a ring: a slot that drops out of it unwritten since keeps
  // only its packed form, unless it holds a claim
  private final Slot[] lastWrites;
  private int nextWrite;

  /** An empty index that keeps the promotions of its latest {@code unpackedWrites} writes. */
  PromotionIndex(int unpackedWrites) {
    if (unpackedWrites < 1) {
      throw new IllegalArgumentException("at least the latest write stays unpacked");
    }
    lastWrites = new Slot[unpackedWrites];
  }

  /** The stored promotion of an id, or null. */
  Promotion get(PromotionId id) {
    Slot slot = slots.get(id);
    return slot == null ? null : promotionOf(slot);
  }

  private Promotion promotionOf(Slot slot) {
    return slot.promotion != null ? slot.promotion
        : packer.unpack(slot.id, slot.requestedAt(), slot.packed);
  }

  /** Whether a promotion of this id is stored. */
  boolean contains(PromotionId id) {
    return slots.containsKey(id);
  }

  /** Stores a new promotion. */
  void add(Promotion p) {
    Slot slot = new Slot(p);
    slots.put(p.id(), slot);
    place(slot);
    written(slot);
  }

  /** Stores the next version of a stored promotion ({@code current}, as stored now). */
  void replace(Promotion current, Promotion next) {
    Slot slot = slots.get(current.id());
    if (slot.promotion == null) {
      slot.promotion = current;
    }
    move(slot, current, next);
    written(slot);
  }

  private void move(Slot slot, Promotion current, Promotion next) {
    boolean samePlace = current.requestedAt().equals(next.requestedAt())
        && current.project().equals(next.project()) && current.target().equals(next.target());
    if (!samePlace) {
      // the slot is its own key in the orders: its time may change only while it is out of them
      unplace(slot);
      slot.promotion = next;
      slot.placeAt(next.requestedAt());
      place(slot);
      return;
    }
    if (current.status() != next.status()) {
      all.move(slot, current.status(), next.status());
      byProject.get(current.project()).move(slot, current.status(), next.status());
      byTarget.get(new Target(current.project(), current.target()))
          .move(slot, current.status(), next.status());
    }
    slot.promotion = next;
    // executing holds the ids of the claimed promotions: it changes only when the claim comes
    // or goes, not at each step recorded under it
    if (next.claim().isPresent() != current.claim().isPresent()) {
      if (next.claim().isPresent()) {
        executing.add(next.id());
      } else {
        executing.remove(next.id());
      }
    }
  }

  /**
   * Notes a write of the slot's promotion. A settled one (a terminal status, no claim) is packed
   * at once, while its objects are at hand: packed when its write dropped out of the ring, the
   * objects were cold by then and a lifecycle cost 5 µs more thread CPU, against 1-1.5 µs
   * packed at the write. The slot whose write drops out of the ring keeps only its packed form,
   * unless it was written again since; one not packed yet is packed then (a promotion that waits
   * for approvals or a deploy), unless it holds a claim (it is written again when the claim
   * goes).
   */
  private void written(Slot slot) {
    Promotion p = slot.promotion;
    slot.packed = p.status().isTerminal() && p.claim().isEmpty() ? packer.pack(p) : null;
    slot.inLastWrites++;
    Slot oldest = lastWrites[nextWrite];
    lastWrites[nextWrite] = slot;
    nextWrite = nextWrite + 1 == lastWrites.length ? 0 : nextWrite + 1;
    if (oldest == null || --oldest.inLastWrites > 0) {
      return;
    }
    if (oldest.packed == null && oldest.promotion.claim().isEmpty()) {
      oldest.packed = packer.pack(oldest.promotion);
    }
    if (oldest.packed != null) {
      oldest.promotion = null;
    }
  }

  private void place(Slot slot) {
    Promotion p = slot.promotion;
    all.add(p, slot);
    byProject.computeIfAbsent(p.project(), k -> new Ordered()).add(p, slot);
    byTarget.computeIfAbsent(new Target(p.project(), p.target()), k -> new Ordered())
        .add(p, slot);
    if (p.claim().isPresent()) {
      executing.add(p.id());
    }
  }

  private void unplace(Slot slot) {
    Promotion p = slot.promotion;
    all.remove(slot, p.status());
    byProject.get(p.project()).remove(slot, p.status());
    byTarget.get(new Target(p.project(), p.target())).remove(slot, p.status());
    executing.remove(p.id());
  }

  /** One page of the promotions the query matches, newest first, with their total count. */
  Page<Promotion> query(PromotionQuery query) {
    if (query.executingOnly()) {
      return executingPage(query);
    }
    Ordered source = all;
    if (query.project().isPresent()) {
      ProjectId project = query.project().get();
      source = query.target().isPresent()
          ? byTarget.get(new Target(project, query.target().get()))
          : byProject.get(project);
    }
    if (source == null) {
      return new Page<>(List.of(), query.offset(), 0);
    }
    // Only status filters beyond the index: the counts give the total, and the walk stops at the
    // end of the page instead of at the end of the history.
    boolean countable = query.requester().isEmpty() && query.requestedFrom().isEmpty()
        && query.requestedUntil().isEmpty()
        && (query.project().isPresent() || query.target().isEmpty());
    int end = query.offset() + query.limit();
    // countable: the total is known before the walk, and with it the size of the page
    long total = countable ? source.count(query.statuses()) : -1;
    if (countable && total <= query.offset()) {
      return new Page<>(List.of(), query.offset(), total);
    }
    // countable: the page is filled into an array of its size, which becomes the page's list
    // with one copy (List.of); a list grown to it was copied twice (toArray, then List.copyOf)
    Promotion[] counted = countable
        ? new Promotion[(int) Math.min(query.limit(), total - query.offset())] : null;
    List<Promotion> page = countable ? List.of() : new ArrayList<>(Math.min(query.limit(), 64));
    int matched = 0;
    for (Slot slot : source.inStatuses(query.statuses())) {
      // countable: the walk holds the project's (or target's) promotions of the wanted statuses
      // only, so every one matches
      if (!countable && !matches(query, slot)) {
        continue;
      }
      if (countable) {
        if (matched >= query.offset()) {
          counted[matched - query.offset()] = promotionOf(slot);
        }
        matched++;
        if (matched - query.offset() == counted.length) {
          page = List.of(counted);
          break;
        }
        continue;
      }
      if (matched >= query.offset() && matched < end) {
        page.add(promotionOf(slot));
      }
      matched++;
    }
    return new Page<>(page, query.offset(), countable ? total : matched);
  }

  // a packed promotion is matched on its first fields, without unpacking it
  private boolean matches(PromotionQuery query, Slot slot) {
    return slot.promotion != null ? query.matches(slot.promotion)
        : packer.matches(query, slot.requestedAt(), slot.packed);
  }

  // Asked at every execution start and manual deploy (the claim look), where the match is
  // mostly the asking promotion alone: a loop over the few executing ones, no stream pipeline.
  private Page<Promotion> executingPage(PromotionQuery query) {
    List<Slot> matches = new ArrayList<>(Math.min(executing.size(), 8));
    for (PromotionId id : executing) {
      Slot slot = slots.get(id);
      if (matches(query, slot)) {
        matches.add(slot);
      }
    }
    matches.sort(NEWEST_FIRST);
    int from = Math.min(query.offset(), matches.size());
    int to = (int) Math.min((long) from + query.limit(), matches.size());
    return new Page<>(promotionsOf(matches, from, to), query.offset(), matches.size());
  }

  /**
   * The promotions of {@code slots} from {@code from} to {@code to}, as an immutable list. A
   * page of one or two (the executing look's usual answer: the asking promotion, or it and
   * another) is made without an array: {@code List.of} of an array copies it again.
   */
  private List<Promotion> promotionsOf(List<Slot> slots, int from, int to) {
    switch (to - from) {
      case 0:
        return List.of();
      case 1:
        return List.of(promotionOf(slots.get(from)));
      case 2:
        return List.of(promotionOf(slots.get(from)), promotionOf(slots.get(from + 1)));
      default:
        Promotion[] page = new Promotion[to - from];
        for (int i = from; i < to; i++) {
          page[i - from] = promotionOf(slots.get(i));
        }
        return List.of(page);
    }
  }

  /**
   * {@link dev.baton.spi.PromotionStore#lastReleaseOf} applied to the newest promotions of a
   * project into a target in any of these statuses, at most {@code window} of them (the first
   * page of such a query), without making the page: the rule is applied as the walk goes.
   */
  Optional<Release> lastReleaseInto(ProjectId project, EnvironmentName target,
      Set<PromotionStatus> statuses, int window) {
    Ordered source = byTarget.get(new Target(project, target));
    if (source == null) {
      return Optional.empty();
    }
    Release last = null;
    int seen = 0;
    for (Iterator<Slot> walk = source.inStatuses(statuses).iterator();
        seen < window && walk.hasNext(); seen++) {
      Slot slot = walk.next();
      Release release = (slot.promotion != null ? slot.promotion.release()
          : packer.release(slot.requestedAt(), slot.packed)).orElse(null);
      // as lastReleaseOf: strictly later only, so of equally late releases the first stays
      if (release != null && (last == null || release.createdAt().isAfter(last.createdAt()))) {
        last = release;
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * Where a promotion is kept: its stored version, changed in place under the store's lock, and
   * its place in the newest-first orders ({@link #NEWEST_FIRST}): its request time, then its
   * id. The orders hold the slots themselves as their keys, so a promotion costs one object in
   * the index, not a slot and a key; the place changes only while the slot is out of the orders
   * ({@link #replace}).
   */
  private static final class Slot {
    // the promotion, its packed form, or both (a settled one still in the ring of the latest
    // writes); a read takes the promotion when there is one
    Promotion promotion;
    byte[] packed;
    // how many times the slot is in the ring of the latest writes
    int inLastWrites;
    long seconds;
    int nanos;
    final PromotionId id;

    Slot(Promotion promotion) {
      this.promotion = promotion;
      this.id = promotion.id();
      placeAt(promotion.requestedAt());
    }

    Instant requestedAt() {
      return Instant.ofEpochSecond(seconds, nanos);
    }

    void placeAt(Instant requestedAt) {
      seconds = requestedAt.getEpochSecond();
      nanos = requestedAt.getNano();
    }
  }

  private record Target(ProjectId project, EnvironmentName target) {}

  /**
   * Promotions newest first, also per status (so that a status filter walks only what it wants,
   * however many promotions of other statuses there are), and how many there are in each status.
   */
  private static final class Ordered {
    // the slot of each promotion: a page is read without a look-up per promotion
    final NewestFirst order = new NewestFirst();
    final Map<PromotionStatus, NewestFirst> byStatus = new EnumMap<>(PromotionStatus.class);

    void add(Promotion p, Slot slot) {
      order.put(slot);
      byStatus.computeIfAbsent(p.status(), s -> new NewestFirst()).put(slot);
    }

    void remove(Slot slot, PromotionStatus status) {
      order.remove(slot);
      NewestFirst same = byStatus.get(status);
      if (same != null) {
        same.remove(slot);
      }
    }

    void move(Slot slot, PromotionStatus from, PromotionStatus to) {
      NewestFirst was = byStatus.get(from);
      if (was != null) {
        was.remove(slot);
      }
      byStatus.computeIfAbsent(to, s -> new NewestFirst()).put(slot);
    }

    long count(Set<PromotionStatus> wanted) {
      if (wanted.isEmpty()) {
        return order.size();
      }
      long count = 0;
      for (PromotionStatus status : wanted) {
        NewestFirst same = byStatus.get(status);
        count += same == null ? 0 : same.size();
      }
      return count;
    }

    /** The slots of the promotions in any of these statuses (any when empty), newest first. */
    Iterable<Slot> inStatuses(Set<PromotionStatus> wanted) {
      if (wanted.isEmpty() || wanted.size() == STATUSES) {
        return order;
      }
      List<NewestFirst> walks = new ArrayList<>(wanted.size());
      for (PromotionStatus status : wanted) {
        NewestFirst same = byStatus.get(status);
        if (same != null && same.size() > 0) {
          walks.add(same);
        }
      }
      if (walks.size() == 1) {
        return walks.get(0);
      }
      return () -> new Merged(walks);
    }
  }

  /**
   * Slots in {@link #NEWEST_FIRST} order: a short sorted array of the newest in front of
   * {@link Older} ones, every slot of the first newer than every slot of the second. A
   * promotion is almost always the newest when it is stored or moves to a status, so it is added
   * at the end of the array, and a page of the newest reads the array in a row. When the array
   * fills, its older half is appended to the older ones in one run. Put straight into a tree,
   * each new promotion walked a path of nodes no other operation had touched since the last
   * promotion, a cache miss at nearly every level, and each page walked from node to node.
   */
  private static final class NewestFirst implements Iterable<Slot> {
    /** How many of the newest stay in the array after it spills. */
    private static final int RECENT = 64;

    // the newest, oldest first (so that the newest is added at the end)
    private final Slot[] recent = new Slot[2 * RECENT + 1];
    private int count;
    private final Older rest = new Older();

    void put(Slot slot) {
      Slot restNewest = rest.newest();
      if (restNewest != null && NEWEST_FIRST.compare(slot, restNewest) >= 0) {
        // not newer than all of rest, so older than all of the array
        rest.put(slot);
        return;
      }
      int at = count;
      if (count > 0 && NEWEST_FIRST.compare(slot, recent[count - 1]) >= 0) {
        at = find(recent, count, slot);
        if (at >= 0) {
          recent[at] = slot;
          return;
        }
        at = -at - 1;
        System.arraycopy(recent, at, recent, at + 1, count - at);
      }
      recent[at] = slot;
      count++;
      if (count == recent.length) {
        spill();
      }
    }

    void remove(Slot slot) {
      Slot restNewest = rest.newest();
      if (restNewest != null && NEWEST_FIRST.compare(slot, restNewest) >= 0) {
        rest.remove(slot);
        return;
      }
      int at = find(recent, count, slot);
      if (at >= 0) {
        System.arraycopy(recent, at + 1, recent, at, count - at - 1);
        count--;
        recent[count] = null;
      }
    }

    int size() {
      return count + rest.size();
    }

    /** Moves the older half of the array to the older ones. */
    private void spill() {
      int moved = count - RECENT;
      for (int i = 0; i < moved; i++) {
        rest.addNewest(recent[i]);
      }
      System.arraycopy(recent, moved, recent, 0, RECENT);
      Arrays.fill(recent, RECENT, count, null);
      count = RECENT;
    }

    @Override
    public Iterator<Slot> iterator() {
      return new Iterator<>() {
        private int next = count - 1;
        private Iterator<Slot> older;

        @Override
        public boolean hasNext() {
          if (next >= 0) {
            return true;
          }
          if (older == null) {
            older = rest.iterator();
          }
          return older.hasNext();
        }

        @Override
        public Slot next() {
          if (next >= 0) {
            return recent[next--];
          }
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return older.next();
        }
      };
    }
  }

  /**
   * The index of {@code key}'s place among the first {@code count} of {@code slots} (sorted
   * oldest first), or {@code -(where it would go) - 1}.
   */
  private static int find(Slot[] slots, int count, Slot key) {
    int low = 0;
    int high = count - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int c = NEWEST_FIRST.compare(slots[middle], key);
      if (c > 0) {
        low = middle + 1; // older than the key: the key goes after it
      } else if (c < 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -low - 1;
  }

  /**
   * The older part of a {@link NewestFirst}: slots in chunks of up to {@value #CHUNK}, each a
   * sorted array, the chunks in order (a two-level sorted list). What the array spills is newer
   * than everything here and is appended to the newest chunk, a new chunk when that is full:
   * copies within arrays, no tree insertion and no rebalancing. Any other slot goes into its
   * chunk by binary search (the chunk list by each chunk's newest slot, then the chunk), a full
   * chunk splitting in two; a removal that empties a chunk drops it.
   */
  private static final class Older implements Iterable<Slot> {
    private static final int CHUNK = 128;

    // oldest chunk first; within a chunk, oldest first
    private Chunk[] chunks = new Chunk[4];
    private int chunkCount;
    private int size;

    int size() {
      return size;
    }

    /** The newest slot here, or null when empty. */
    Slot newest() {
      if (chunkCount == 0) {
        return null;
      }
      Chunk last = chunks[chunkCount - 1];
      return last.slots[last.count - 1];
    }

    /** Adds a slot newer than every slot here. */
    void addNewest(Slot slot) {
      Chunk last = chunkCount == 0 ? null : chunks[chunkCount - 1];
      if (last == null || last.count == CHUNK) {
        last = new Chunk();
        insertChunk(chunkCount, last);
      }
      last.slots[last.count] = slot;
      last.count++;
      size++;
    }

    void put(Slot slot) {
      if (chunkCount == 0) {
        addNewest(slot);
        return;
      }
      int c = chunkOf(slot);
      Chunk chunk = chunks[c];
      int at = find(chunk.slots, chunk.count, slot);
      if (at >= 0) {
        chunk.slots[at] = slot;
        return;
      }
      at = -at - 1;
      if (chunk.count == CHUNK) {
        Chunk newer = new Chunk();
        int half = CHUNK / 2;
        System.arraycopy(chunk.slots, half, newer.slots, 0, CHUNK - half);
        Arrays.fill(chunk.slots, half, CHUNK, null);
        newer.count = CHUNK - half;
        chunk.count = half;
        insertChunk(c + 1, newer);
        if (at > half) {
          chunk = newer;
          at -= half;
        }
      }
      System.arraycopy(chunk.slots, at, chunk.slots, at + 1, chunk.count - at);
      chunk.slots[at] = slot;
      chunk.count++;
      size++;
    }

    void remove(Slot slot) {
      if (chunkCount == 0) {
        return;
      }
      int c = chunkOf(slot);
      Chunk chunk = chunks[c];
      int at = find(chunk.slots, chunk.count, slot);
      if (at < 0) {
        return;
      }
      System.arraycopy(chunk.slots, at + 1, chunk.slots, at, chunk.count - at - 1);
      chunk.count--;
      chunk.slots[chunk.count] = null;
      size--;
      if (chunk.count == 0) {
        System.arraycopy(chunks, c + 1, chunks, c, chunkCount - c - 1);
        chunkCount--;
        chunks[chunkCount] = null;
      }
    }

    /**
     * The chunk a slot belongs in: the oldest whose newest slot is not older than it, or the
     * newest chunk for a slot newer than all.
     */
    private int chunkOf(Slot key) {
      int low = 0;
      int high = chunkCount - 1;
      while (low < high) {
        int middle = (low + high) >>> 1;
        Chunk chunk = chunks[middle];
        if (NEWEST_FIRST.compare(chunk.slots[chunk.count - 1], key) > 0) {
          low = middle + 1; // its newest is older than the key
        } else {
          high = middle;
        }
      }
      return low;
    }

    private void insertChunk(int at, Chunk chunk) {
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, 2 * chunks.length);
      }
      System.arraycopy(chunks, at, chunks, at + 1, chunkCount - at);
      chunks[at] = chunk;
      chunkCount++;
    }

    /** Newest first. */
    @Override
    public Iterator<Slot> iterator() {
      return new Iterator<>() {
        private int chunk = chunkCount - 1;
        private int next = chunk >= 0 ? chunks[chunk].count - 1 : -1;

        @Override
        public boolean hasNext() {
          return next >= 0;
        }

        @Override
        public Slot next() {
          if (next < 0) {
            throw new NoSuchElementException();
          }
          Slot slot = chunks[chunk].slots[next];
          if (--next < 0 && --chunk >= 0) {
            next = chunks[chunk].count - 1;
          }
          return slot;
        }
      };
    }

    private static final class Chunk {
      final Slot[] slots = new Slot[CHUNK];
      int count;
    }
  }

  /**
   * Several newest-first walks merged into one newest-first walk. There are at most as many
   * walks as statuses, so the newest of their heads is found by looking at each: no queue, and
   * nothing made per step.
   */
  private static final class Merged implements Iterator<Slot> {
    private final List<Iterator<Slot>> walks;
    // the next slot of each walk, null once the walk is done
    private final Slot[] heads;

    Merged(List<NewestFirst> sources) {
      walks = new ArrayList<>(sources.size());
      heads = new Slot[sources.size()];
      for (int i = 0; i < heads.length; i++) {
        Iterator<Slot> walk = sources.get(i).iterator();
        walks.add(walk);
        heads[i] = walk.hasNext() ? walk.next() : null;
      }
    }

    @Override
    public boolean hasNext() {
      for (Slot head : heads) {
        if (head != null) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Slot next() {
      int newest = -1;
      for (int i = 0; i < heads.length; i++) {
        if (heads[i] != null
            && (newest < 0 || NEWEST_FIRST.compare(heads[i], heads[newest]) < 0)) {
          newest = i;
        }
      }
      if (newest < 0) {
        throw new NoSuchElementException();
      }
      Slot slot = heads[newest];
      Iterator<Slot> walk = walks.get(newest);
      heads[newest] = walk.hasNext() ? walk.next() : null;
      return slot;
    }
  }
}
