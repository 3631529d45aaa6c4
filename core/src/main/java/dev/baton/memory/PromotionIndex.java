package dev.baton.memory;

import dev.baton.model.EnvironmentName;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory store's promotions and their history index, so that the engine's queries (the
 * last release into a target, the newest-release check, a history page) cost the page they return
 * and not the whole store: promotions newest first per project, per target and overall, with
 * counts by status, and the set of executing ones. A status filter walks the promotions of the
 * wanted statuses only. Each promotion sits in the index as one {@link Slot}: a new version that
 * keeps its place (request time, target, status) replaces the slot's content and moves nothing,
 * so most compare-and-sets cost a hash look-up whatever the size of the history. Not thread-safe:
 * the store calls it with its lock held.
 */
final class PromotionIndex {
  /** Newest request first; the id breaks ties, as the store's page order does. */
  private static final Comparator<Order> NEWEST_FIRST = (a, b) -> {
    // the key's own fields, not its Instant's: a tree walk loads one object per node
    int byTime = a.seconds != b.seconds ? Long.compare(b.seconds, a.seconds)
        : Integer.compare(b.nanos, a.nanos);
    return byTime != 0 ? byTime : b.id().compareTo(a.id());
  };

  private static final int STATUSES = PromotionStatus.values().length;

  private final Map<PromotionId, Slot> slots = new HashMap<>();
  private final Ordered all = new Ordered();
  private final Map<ProjectId, Ordered> byProject = new HashMap<>();
  private final Map<Target, Ordered> byTarget = new HashMap<>();
  private final Set<PromotionId> executing = new HashSet<>();

  /** The stored promotion of an id, or null. */
  Promotion get(PromotionId id) {
    Slot slot = slots.get(id);
    return slot == null ? null : slot.promotion;
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
  }

  /** Stores the next version of a stored promotion ({@code current}, as stored now). */
  void replace(Promotion current, Promotion next) {
    Slot slot = slots.get(current.id());
    boolean samePlace = current.requestedAt().equals(next.requestedAt())
        && current.project().equals(next.project()) && current.target().equals(next.target());
    if (!samePlace) {
      unplace(slot);
      slot.promotion = next;
      slot.key = Order.of(next);
      place(slot);
      return;
    }
    if (current.status() != next.status()) {
      Order key = slot.key;
      all.move(key, slot, current.status(), next.status());
      byProject.get(current.project()).move(key, slot, current.status(), next.status());
      byTarget.get(new Target(current.project(), current.target()))
          .move(key, slot, current.status(), next.status());
    }
    slot.promotion = next;
    if (next.claim().isPresent()) {
      executing.add(next.id());
    } else if (current.claim().isPresent()) {
      executing.remove(next.id());
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
    all.remove(p);
    byProject.get(p.project()).remove(p);
    byTarget.get(new Target(p.project(), p.target())).remove(p);
    executing.remove(p.id());
  }

  /** One page of the promotions the query matches, newest first, with their total count. */
  Page<Promotion> query(PromotionQuery query) {
    if (query.executingOnly()) {
      List<Promotion> matches = executing.stream().map(this::get).filter(query::matches)
          .sorted(Comparator.comparing(Order::of, NEWEST_FIRST)).toList();
      return new Page<>(matches.stream().skip(query.offset()).limit(query.limit()).toList(),
          query.offset(), matches.size());
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
    List<Promotion> page = new ArrayList<>(countable
        ? (int) Math.min(query.limit(), total - query.offset()) : Math.min(query.limit(), 64));
    int matched = 0;
    for (Slot slot : source.inStatuses(query.statuses())) {
      Promotion p = slot.promotion;
      // countable: the walk holds the project's (or target's) promotions of the wanted statuses
      // only, so every one matches
      if (!countable && !query.matches(p)) {
        continue;
      }
      if (matched >= query.offset() && matched < end) {
        page.add(p);
      }
      matched++;
      if (countable && matched >= end) {
        break;
      }
    }
    return new Page<>(page, query.offset(), countable ? total : matched);
  }

  /**
   * The newest promotions of a project into a target in any of these statuses, at most
   * {@code limit}: the first page of such a query, without its total.
   */
  List<Promotion> newestInto(ProjectId project, EnvironmentName target,
      Set<PromotionStatus> statuses, int limit) {
    Ordered source = byTarget.get(new Target(project, target));
    if (source == null) {
      return List.of();
    }
    List<Promotion> newest = new ArrayList<>(limit);
    for (Slot slot : source.inStatuses(statuses)) {
      if (newest.size() == limit) {
        break;
      }
      newest.add(slot.promotion);
    }
    return newest;
  }

  /** Where a promotion is kept: its stored version, changed in place under the store's lock. */
  private static final class Slot {
    Promotion promotion;
    // the promotion's key in the trees, kept so that a move does not make it again
    Order key;

    Slot(Promotion promotion) {
      this.promotion = promotion;
      this.key = Order.of(promotion);
    }
  }

  private record Target(ProjectId project, EnvironmentName target) {}

  /** A promotion's place in the newest-first order: its request time, then its id. */
  private record Order(long seconds, int nanos, PromotionId id) {
    static Order of(Promotion p) {
      Instant at = p.requestedAt();
      return new Order(at.getEpochSecond(), at.getNano(), p.id());
    }
  }

  /**
   * Promotions newest first, also per status (so that a status filter walks only what it wants,
   * however many promotions of other statuses there are), and how many there are in each status.
   */
  private static final class Ordered {
    // the slot of each promotion: a page is read without a look-up per promotion
    final NavigableMap<Order, Slot> order = new TreeMap<>(NEWEST_FIRST);
    final Map<PromotionStatus, NavigableMap<Order, Slot>> byStatus =
        new EnumMap<>(PromotionStatus.class);

    void add(Promotion p, Slot slot) {
      Order key = slot.key;
      order.put(key, slot);
      byStatus.computeIfAbsent(p.status(), s -> new TreeMap<>(NEWEST_FIRST)).put(key, slot);
    }

    void remove(Promotion p) {
      Order key = Order.of(p);
      order.remove(key);
      NavigableMap<Order, Slot> same = byStatus.get(p.status());
      if (same != null) {
        same.remove(key);
      }
    }

    void move(Order key, Slot slot, PromotionStatus from, PromotionStatus to) {
      NavigableMap<Order, Slot> was = byStatus.get(from);
      if (was != null) {
        was.remove(key);
      }
      byStatus.computeIfAbsent(to, s -> new TreeMap<>(NEWEST_FIRST)).put(key, slot);
    }

    long count(Set<PromotionStatus> wanted) {
      if (wanted.isEmpty()) {
        return order.size();
      }
      long count = 0;
      for (PromotionStatus status : wanted) {
        NavigableMap<Order, Slot> same = byStatus.get(status);
        count += same == null ? 0 : same.size();
      }
      return count;
    }

    /** The slots of the promotions in any of these statuses (any when empty), newest first. */
    Iterable<Slot> inStatuses(Set<PromotionStatus> wanted) {
      if (wanted.isEmpty() || wanted.size() == STATUSES) {
        return order.values();
      }
      List<NavigableMap<Order, Slot>> walks = new ArrayList<>();
      for (PromotionStatus status : wanted) {
        NavigableMap<Order, Slot> same = byStatus.get(status);
        if (same != null && !same.isEmpty()) {
          walks.add(same);
        }
      }
      if (walks.size() == 1) {
        return walks.get(0).values();
      }
      return () -> new Merged(walks);
    }
  }

  /** Several newest-first walks merged into one newest-first walk. */
  private static final class Merged implements Iterator<Slot> {
    private final PriorityQueue<Head> heads =
        new PriorityQueue<>((a, b) -> NEWEST_FIRST.compare(a.entry.getKey(), b.entry.getKey()));

    Merged(List<NavigableMap<Order, Slot>> walks) {
      for (NavigableMap<Order, Slot> map : walks) {
        Iterator<Map.Entry<Order, Slot>> walk = map.entrySet().iterator();
        if (walk.hasNext()) {
          heads.add(new Head(walk.next(), walk));
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public Slot next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      if (head.rest.hasNext()) {
        heads.add(new Head(head.rest.next(), head.rest));
      }
      return head.entry.getValue();
    }

    private record Head(Map.Entry<Order, Slot> entry, Iterator<Map.Entry<Order, Slot>> rest) {}
  }
}
