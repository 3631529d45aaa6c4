package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.PromotionId;
import dev.baton.spi.IdGenerator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdGeneratorsTest {

  @Test
  void sequentialIdsCountPerKind() {
    SequentialIdGenerator ids = new SequentialIdGenerator();

    assertThat(List.of(ids.next("p"), ids.next("p"), ids.next("r"), ids.next("p"), ids.next("")))
        .containsExactly("p-1", "p-2", "r-1", "p-3", "1");
  }

  @Test
  void sequentialIdsAreUniqueAcrossThreads() throws InterruptedException {
    SequentialIdGenerator ids = new SequentialIdGenerator();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          seen.add(ids.next("p"));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(seen).hasSize(8000).contains("p-1", "p-8000");
  }

  @Test
  void randomIdsAreVersion4UuidsOfTheIetfVariantAcrossBufferRefills() {
    RandomIdGenerator ids = new RandomIdGenerator();

    for (int i = 0; i < 1_000; i++) {
      String id = ids.next("");
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
    }
  }

  @Test
  void randomIdsAreUniqueAndValidPromotionIds() {
    RandomIdGenerator ids = new RandomIdGenerator();
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 10_000; i++) {
      String id = ids.next("p");
      assertThat(id).matches("p-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
      seen.add(id);
    }

    assertThat(seen).hasSize(10_000);
    assertThat(PromotionId.of(ids.next("abcdefghijklmnopqrstuvwxyz")).value()).hasSize(63);
    assertThat(ids.next("")).hasSize(36);
  }

  @Test
  void spellingIsTheKindADashAndTheUuidAsUuidSpellsIt() {
    // seeded halves, with the edges of every hex group (all zeros, all ones, one bit set)
    SplittableRandom random = new SplittableRandom(20261201L);
    List<long[]> halves = new ArrayList<>(List.of(new long[] {0, 0}, new long[] {-1, -1},
        new long[] {Long.MIN_VALUE, 1}, new long[] {1L << 32, 1L << 48}));
    for (int bit = 0; bit < 64; bit++) {
      halves.add(new long[] {1L << bit, ~(1L << bit)});
    }
    for (int i = 0; i < 20_000; i++) {
      halves.add(new long[] {random.nextLong(), random.nextLong()});
    }
    List<String> kinds = List.of("", "p", "r", "x", "baton", "abcdefghijklmnopqrstuvwxyz",
        "A.b_c-9");

    for (long[] half : halves) {
      String uuid = new UUID(half[0], half[1]).toString();
      for (String kind : kinds) {
        assertThat(RandomIdGenerator.spell(kind, half[0], half[1]))
            .isEqualTo(kind.isEmpty() ? uuid : kind + "-" + uuid);
      }
    }
  }

  @Test
  void randomIdsSetEachRandomBitAboutHalfTheTime() {
    RandomIdGenerator ids = new RandomIdGenerator();
    int count = 20_000;
    int[] ones = new int[128];

    for (int i = 0; i < count; i++) {
      UUID uuid = UUID.fromString(ids.next(""));
      for (int bit = 0; bit < 64; bit++) {
        ones[bit] += (int) (uuid.getMostSignificantBits() >>> bit) & 1;
        ones[64 + bit] += (int) (uuid.getLeastSignificantBits() >>> bit) & 1;
      }
    }

    // the version (bits 12-15 of the first half) and the variant (the top two of the second) are
    // fixed; every other bit is set in about 10,000 of 20,000 ids (a deviation of about 71): a
    // bit a broken source left stuck, or a byte taken from the wrong place, would be far off
    for (int bit = 0; bit < 128; bit++) {
      boolean fixed = (bit >= 12 && bit < 16) || bit >= 126;
      if (!fixed) {
        assertThat(ones[bit]).as("bit %d", bit).isBetween(count / 2 - 600, count / 2 + 600);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-p", "p/q", "p..q", "p q", "abcdefghijklmnopqrstuvwxyz0"})
  void bothRefuseKindsThatAreNotRefSafe(String kind) {
    for (IdGenerator ids : List.of(new SequentialIdGenerator(), new RandomIdGenerator())) {
      assertThatThrownBy(() -> ids.next(kind)).isInstanceOfSatisfying(BatonException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
  }
}
