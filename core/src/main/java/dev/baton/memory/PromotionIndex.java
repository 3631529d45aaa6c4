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
import java.util.function.Function;

/**
 * The in-memory store's history index, so that the engine's queries (the last release into a
 * target, the newest-release check, a history page) cost the page they return and not the whole
 * store: promotions newest first per project, per target and overall, with counts by status, and
 * the set of executing ones. A status filter walks the promotions of the wanted statuses only.
 * Not thread-safe: the store calls it with its lock held.
 */
final class PromotionIndex {
  /** Newest request first; the id breaks ties, as the store's page order does. */
  private static final Comparator<Order> NEWEST_FIRST = (a, b) -> {
    int byTime = b.requestedAt().compareTo(a.requestedAt());
    return byTime != 0 ? byTime : b.id().compareTo(a.id());
  };

  private final Ordered all = new Ordered();
  private final Map<ProjectId, Ordered> byProject = new HashMap<>();
  private final Map<Target, Ordered> byTarget = new HashMap<>();
  private final Set<PromotionId> executing = new HashSet<>();

  /** Adds a promotion as stored now. */
  void add(Promotion p) {
    all.add(p);
    byProject.computeIfAbsent(p.project(), k -> new Ordered()).add(p);
    byTarget.computeIfAbsent(new Target(p.project(), p.target()), k -> new Ordered()).add(p);
    if (p.claim().isPresent()) {
      executing.add(p.id());
    }
  }

  /** Removes a promotion as it was stored, before its next version is added. */
  void remove(Promotion p) {
    all.remove(p);
    byProject.get(p.project()).remove(p);
    byTarget.get(new Target(p.project(), p.target())).remove(p);
    executing.remove(p.id());
  }

  /**
   * One page of the promotions the query matches, newest first, with their total count.
   *
   * @param stored the stored promotion of an id
   */
  Page<Promotion> query(PromotionQuery query, Function<PromotionId, Promotion> stored) {
    if (query.executingOnly()) {
      List<Promotion> matches = executing.stream().map(stored).filter(query::matches)
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
    List<Promotion> page = new ArrayList<>();
    int matched = 0;
    for (Promotion p : source.inStatuses(query.statuses())) {
      if (!query.matches(p)) {
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
    long total = countable ? source.count(query.statuses()) : matched;
    return new Page<>(page, query.offset(), total);
  }

  private record Target(ProjectId project, EnvironmentName target) {}

  private record Order(Instant requestedAt, PromotionId id) {
    static Order of(Promotion p) {
      return new Order(p.requestedAt(), p.id());
    }
  }

  /**
   * Promotions newest first, also per status (so that a status filter walks only what it wants,
   * however many promotions of other statuses there are), and how many there are in each status.
   */
  private static final class Ordered {
    // the promotion as stored: a page is read without a look-up per promotion
    final NavigableMap<Order, Promotion> order = new TreeMap<>(NEWEST_FIRST);
    final Map<PromotionStatus, NavigableMap<Order, Promotion>> byStatus =
        new EnumMap<>(PromotionStatus.class);

    void add(Promotion p) {
      Order key = Order.of(p);
      order.put(key, p);
      byStatus.computeIfAbsent(p.status(), s -> new TreeMap<>(NEWEST_FIRST)).put(key, p);
    }

    void remove(Promotion p) {
      Order key = Order.of(p);
      order.remove(key);
      NavigableMap<Order, Promotion> same = byStatus.get(p.status());
      if (same != null) {
        same.remove(key);
      }
    }

    long count(Set<PromotionStatus> wanted) {
      if (wanted.isEmpty()) {
        return order.size();
      }
      long count = 0;
      for (PromotionStatus status : wanted) {
        NavigableMap<Order, Promotion> same = byStatus.get(status);
        count += same == null ? 0 : same.size();
      }
      return count;
    }

    /** The promotions in any of these statuses (any status when empty), newest first. */
    Iterable<Promotion> inStatuses(Set<PromotionStatus> wanted) {
      if (wanted.isEmpty() || wanted.size() == PromotionStatus.values().length) {
        return order.values();
      }
      List<Iterator<Map.Entry<Order, Promotion>>> walks = new ArrayList<>();
      for (PromotionStatus status : wanted) {
        NavigableMap<Order, Promotion> same = byStatus.get(status);
        if (same != null && !same.isEmpty()) {
          walks.add(same.entrySet().iterator());
        }
      }
      if (walks.size() == 1) {
        Iterator<Map.Entry<Order, Promotion>> only = walks.get(0);
        return () -> new Iterator<>() {
          @Override
          public boolean hasNext() {
            return only.hasNext();
          }

          @Override
          public Promotion next() {
            return only.next().getValue();
          }
        };
      }
      return () -> new Merged(walks);
    }
  }

  /** Several newest-first walks merged into one newest-first walk. */
  private static final class Merged implements Iterator<Promotion> {
    private final PriorityQueue<Head> heads =
        new PriorityQueue<>((a, b) -> NEWEST_FIRST.compare(a.entry.getKey(), b.entry.getKey()));

    Merged(List<Iterator<Map.Entry<Order, Promotion>>> walks) {
      for (Iterator<Map.Entry<Order, Promotion>> walk : walks) {
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
    public Promotion next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      if (head.rest.hasNext()) {
        heads.add(new Head(head.rest.next(), head.rest));
      }
      return head.entry.getValue();
    }

    private record Head(Map.Entry<Order, Promotion> entry,
        Iterator<Map.Entry<Order, Promotion>> rest) {}
  }
}
