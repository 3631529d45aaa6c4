package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContentCacheTest {
  private final AtomicInteger computed = new AtomicInteger();

  private String compute(String key) {
    computed.incrementAndGet();
    return "parsed " + key;
  }

  @Test
  void computesOnceAndAnswersTheSameInstanceAfterwards() {
    ContentCache<String, String> cache = new ContentCache<>(8, 1_000);

    String first = cache.get("a: 1", 4, () -> compute("a: 1"));
    String second = cache.get("a: 1", 4, () -> compute("a: 1"));

    assertThat(second).isSameAs(first).isEqualTo("parsed a: 1");
    assertThat(computed).hasValue(1);
  }

  @Test
  void keepsNoMoreEntriesThanItsBound() {
    ContentCache<String, String> cache = new ContentCache<>(4, 1_000);

    for (int i = 0; i < 50; i++) {
      String key = "key " + i;
      cache.get(key, 1, () -> compute(key));
    }

    assertThat(cache.size()).isBetween(1L, 4L);
  }

  @Test
  void keepsNoMoreWeightThanItsBoundAndNeverAnEntryHeavierThanTheWhole() {
    ContentCache<String, String> cache = new ContentCache<>(1_000, 100);

    cache.get("huge", 101, () -> compute("huge"));
    cache.get("huge", 101, () -> compute("huge"));
    assertThat(computed).as("too heavy to keep").hasValue(2);

    for (int i = 0; i < 10; i++) {
      String key = "heavy " + i;
      cache.get(key, 40, () -> compute(key));
    }
    assertThat(cache.size()).as("at most two entries of 40 in 100").isBetween(1L, 2L);
  }

  @Test
  void aWeightAskedOnlyOnAMissIsAskedOnceAfterTheValueAndCountsAsAGivenOne() {
    ContentCache<String, String> cache = new ContentCache<>(1_000, 100);
    AtomicInteger weighed = new AtomicInteger();

    cache.get("a", () -> {
      assertThat(computed).as("weighed after computing").hasValue(1);
      weighed.incrementAndGet();
      return 40;
    }, () -> compute("a"));
    cache.get("a", () -> {
      weighed.incrementAndGet();
      return 40;
    }, () -> compute("a"));
    assertThat(weighed).as("a hit weighs nothing").hasValue(1);
    assertThat(computed).hasValue(1);

    cache.get("b", () -> 40L, () -> compute("b"));
    cache.get("c", 40, () -> compute("c"));
    assertThat(cache.size()).as("40 + 40 + 40 > 100: the eldest dropped").isEqualTo(2L);
    cache.get("huge", () -> 101L, () -> compute("huge"));
    cache.get("huge", () -> 101L, () -> compute("huge"));
    assertThat(computed).as("too heavy to keep").hasValue(5);

    IllegalStateException refusal = new IllegalStateException("malformed");
    assertThatThrownBy(() -> cache.get("bad", () -> {
      weighed.incrementAndGet();
      return 1;
    }, () -> {
      throw refusal;
    })).isSameAs(refusal);
    assertThat(weighed).as("a failed computation is not weighed").hasValue(1);
  }

  @Test
  void aFailureIsNotCachedAndReachesEachCallerAsItIs() {
    ContentCache<String, String> cache = new ContentCache<>(8, 1_000);
    IllegalStateException refusal = new IllegalStateException("malformed");

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cache.get("bad", 3, () -> {
        computed.incrementAndGet();
        throw refusal;
      })).isSameAs(refusal);
    }

    assertThat(computed).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void clearAllEmptiesEveryCache() {
    ContentCache<String, String> one = new ContentCache<>(8, 1_000);
    ContentCache<String, String> two = new ContentCache<>(8, 1_000);
    one.get("a", 1, () -> compute("a"));
    two.get("b", 1, () -> compute("b"));

    ContentCache.clearAll();

    assertThat(one.size()).isZero();
    assertThat(two.size()).isZero();
    one.get("a", 1, () -> compute("a"));
    assertThat(computed).hasValue(3);
  }
}
