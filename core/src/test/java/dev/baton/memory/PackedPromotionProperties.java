package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.testkit.SamplePromotions;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.PropertyFailure;
import dev.baton.testkit.random.Randomness;
import dev.baton.testkit.random.Seeds;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedPromotion} against the promotions it packs: random promotions without a claim,
 * many to one codec so that its {@link Symbols} are shared (a value seen before is written as its
 * number), come back equal, field by field, straight after packing, after the rest of their batch
 * and when packed a second time; the release and the query filters (the status among them) read
 * from a packed promotion agree with the promotion; an executing promotion is refused; and a run
 * that gives out more than {@link Symbols#TEXTS} short texts still unpacks what it packed before
 * and after the table filled.
 *
 * <p>The promotions and queries come from {@link RandomPromotions}; the round-trip test also
 * checks that they met every edge {@link PromotionEdges} names.
 */
class PackedPromotionProperties {
  /** Every field of a promotion by its record component's name, in the record's order. */
  private static final Map<String, Function<Promotion, Object>> FIELDS = fields();

  private static final Gen<List<Promotion>> BATCHES =
      Gen.listOf(Gen.of(RandomPromotions::promotion), 1, 25);

  @Test
  void unpacksEveryPromotionItPackedFieldByField() {
    Set<String> met = new HashSet<>();
    Property.forAll(BATCHES).runs(250).verify(batch -> {
      // an odd batch gets a table with room for a few names and texts or none, so that names
      // and texts are written out too, after the table filled or from the start
      PackedPromotion codec = batch.size() % 2 == 0 ? new PackedPromotion()
          : new PackedPromotion(batch.size() % 5, batch.size() % 3);
      List<byte[]> packed = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Promotion p = batch.get(i);
        byte[] bytes = codec.pack(p);
        assertUnpacksAs(codec.unpack(p.id(), p.requestedAt(), bytes), p,
            "promotion " + i + " just packed");
        packed.add(bytes);
        met.addAll(PromotionEdges.edges(p));
      }
      // after the rest of the batch was given numbers too, and packed once more, when every
      // short value it holds has a number already
      for (int i = 0; i < batch.size(); i++) {
        Promotion p = batch.get(i);
        assertUnpacksAs(codec.unpack(p.id(), p.requestedAt(), packed.get(i)), p,
            "promotion " + i + " after its batch");
        assertUnpacksAs(codec.unpack(p.id(), p.requestedAt(), codec.pack(p)), p,
            "promotion " + i + " packed twice");
      }
    });
    // a replayed case is one batch: it meets only its own edges
    if (Seeds.replaySeed().isEmpty()) {
      assertThat(met).containsAll(PromotionEdges.everyEdge());
    }
  }

  @Test
  void readsTheReleaseAndTheFiltersAsTheUnpackedPromotionDoes() {
    int[] answers = new int[2];
    Property.forAll(Gen.of(RandomPromotions::queryCase)).runs(200).verify(c -> {
      PackedPromotion codec = new PackedPromotion();
      List<byte[]> packed = new ArrayList<>();
      for (Promotion p : c.promotions()) {
        packed.add(codec.pack(p));
      }
      for (int i = 0; i < packed.size(); i++) {
        Promotion p = c.promotions().get(i);
        byte[] bytes = packed.get(i);
        assertThat(codec.release(p.requestedAt(), bytes)).as("release of promotion %d", i)
            .isEqualTo(p.release());
        for (PromotionQuery q : c.queries()) {
          // a packed promotion holds no claim: an executingOnly query matches neither
          boolean expected = q.matches(p);
          assertThat(codec.matches(q, p.requestedAt(), bytes))
              .as("%s on promotion %d", show(q), i).isEqualTo(expected);
          answers[expected ? 1 : 0]++;
        }
      }
    });
    if (Seeds.replaySeed().isEmpty()) {
      assertThat(answers[0]).as("queries that do not match").isGreaterThan(1_000);
      assertThat(answers[1]).as("queries that match").isGreaterThan(200);
    }
  }

  /**
   * The texts' table filled at its real size. Names (ids, scopes, rule lists) stop getting
   * numbers at {@link Symbols#NAMES}, 2^20, too many to make here: the round-trip test fills a
   * small table of both kinds instead.
   */
  @Test
  void writesTextsOutOnceTheirTableIsFullAndStillUnpacksWhatItPackedBefore() {
    int promotions = Symbols.TEXTS + 616;
    Property.forAll(Gen.of(Randomness::nextLong)).runs(1).shrinkBudget(0).verify(seed -> {
      Randomness random = Randomness.seeded(seed);
      PackedPromotion codec = new PackedPromotion();
      Promotion sample = SamplePromotions.builder("p-sample").notes("first-seen").build();
      byte[] sampleBefore = codec.pack(sample);
      // notes n-0 to n-16999 alone are more short texts than the table numbers: a few hundred
      // random promotions packed over and over with new notes fill it (drawing 17,000 would
      // take seconds), then new ones, whose new short texts are all written out
      List<Promotion> drawn = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        drawn.add(RandomPromotions.promotion(random));
      }
      List<Promotion> packed = new ArrayList<>(promotions);
      List<byte[]> bytes = new ArrayList<>(promotions);
      for (int i = 0; i < promotions; i++) {
        Promotion p = (i < Symbols.TEXTS ? drawn.get(i % drawn.size())
            : RandomPromotions.promotion(random)).toBuilder().notes("n-" + i).build();
        packed.add(p);
        bytes.add(codec.pack(p));
      }
      // a text numbered before the table filled keeps its number; one never seen is written
      // out (ten chars and a length instead of a number of one to three bytes)
      assertThat(codec.pack(sample)).isEqualTo(sampleBefore);
      Promotion unseen = sample.toBuilder().notes("never-seen").build();
      byte[] unseenBytes = codec.pack(unseen);
      assertThat(unseenBytes.length).isGreaterThan(sampleBefore.length + 5);
      assertUnpacksAs(codec.unpack(unseen.id(), unseen.requestedAt(), unseenBytes), unseen,
          "a promotion packed after the table filled, with a new text");
      assertUnpacksAs(codec.unpack(sample.id(), sample.requestedAt(), sampleBefore), sample,
          "the promotion packed first");
      for (int i = 0; i < promotions; i++) {
        Promotion p = packed.get(i);
        assertUnpacksAs(codec.unpack(p.id(), p.requestedAt(), bytes.get(i)), p,
            "promotion " + i + " of " + promotions);
      }
    });
  }

  @Test
  void refusesToPackAPromotionThatHoldsAnExecutionClaim() {
    Property.forAll(Gen.of(RandomPromotions::promotion)).runs(200).verify(p -> {
      PackedPromotion codec = new PackedPromotion();
      Promotion executing = p.toBuilder()
          .claim(Optional.of(SamplePromotions.claim("engine-a", p.requestedAt()))).build();
      assertThatThrownBy(() -> codec.pack(executing))
          .isInstanceOf(IllegalArgumentException.class);
      // the refusal leaves the codec fit for the next promotion
      assertUnpacksAs(codec.unpack(p.id(), p.requestedAt(), codec.pack(p)), p,
          "the promotion without its claim");
    });
  }

  /** The control: the round-trip check is not vacuous, it sees a changed slot or byte. */
  @Test
  void theRoundTripCheckSeesAnotherRequestTimeAndAnAlteredVersion() {
    assertThat(FIELDS.keySet()).containsExactly(Arrays.stream(Promotion.class
        .getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new));

    Promotion p = SamplePromotions.everyField("p-1").toBuilder().claim(Optional.empty()).build();
    PackedPromotion codec = new PackedPromotion();
    byte[] packed = codec.pack(p);
    assertThat(differences(p, codec.unpack(p.id(), p.requestedAt(), packed))).isEmpty();
    // a second later: the request time, and every instant packed relative to it, move
    assertThat(differences(p, codec.unpack(p.id(), p.requestedAt().plusSeconds(1), packed))
        .keySet()).containsExactly("decisions", "history", "release", "breakGlass",
            "requestedAt");

    // the version is packed last: one more or one less in its last byte, on random batches,
    // fails the property and the report names the field
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
        () -> Property.forAll(BATCHES).runs(20).verify(batch -> {
          PackedPromotion batchCodec = new PackedPromotion();
          for (Promotion q : batch) {
            byte[] altered = batchCodec.pack(q);
            int last = altered.length - 1;
            altered[last] = (byte) (altered[last] == 0x7F ? 0x7E : altered[last] + 1);
            assertUnpacksAs(batchCodec.unpack(q.id(), q.requestedAt(), altered), q, "q");
          }
        }));
    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).hasMessageContaining("came back changed")
        .hasMessageContaining("version").hasMessageNotContaining("notes");
  }

  /**
   * Checks {@code actual} against {@code expected} field by field, then as a whole (the
   * assertions only run when something differs: tens of thousands of promotions are checked).
   */
  private static void assertUnpacksAs(Promotion actual, Promotion expected, String what) {
    Map<String, String> differences = differences(expected, actual);
    if (!differences.isEmpty() || !actual.equals(expected)) {
      assertThat(differences).as("fields of %s that came back changed", what).isEmpty();
      assertThat(actual).as(what).isEqualTo(expected);
    }
  }

  /** The fields of {@code actual} that differ from {@code expected}'s, with both values. */
  private static Map<String, String> differences(Promotion expected, Promotion actual) {
    Map<String, String> differences = new LinkedHashMap<>();
    FIELDS.forEach((name, field) -> {
      Object want = field.apply(expected);
      Object got = field.apply(actual);
      if (!Objects.equals(want, got)) {
        differences.put(name, "expected " + show(want) + " but was " + show(got));
      }
    });
    return differences;
  }

  /** A value's text with every char outside printable ASCII escaped, lone surrogates too. */
  private static String show(Object value) {
    String text = String.valueOf(value);
    StringBuilder shown = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        shown.append(c);
      } else {
        shown.append(String.format("\\u%04X", (int) c));
      }
    }
    return shown.toString();
  }

  private static Map<String, Function<Promotion, Object>> fields() {
    Map<String, Function<Promotion, Object>> fields = new LinkedHashMap<>();
    fields.put("id", Promotion::id);
    fields.put("project", Promotion::project);
    fields.put("source", Promotion::source);
    fields.put("target", Promotion::target);
    fields.put("sourceRevision", Promotion::sourceRevision);
    fields.put("requester", Promotion::requester);
    fields.put("notes", Promotion::notes);
    fields.put("idempotencyKey", Promotion::idempotencyKey);
    fields.put("requiredApprovals", Promotion::requiredApprovals);
    fields.put("requesterMayApprove", Promotion::requesterMayApprove);
    fields.put("scope", Promotion::scope);
    fields.put("rules", Promotion::rules);
    fields.put("targetRevision", Promotion::targetRevision);
    fields.put("rollback", Promotion::rollback);
    fields.put("changes", Promotion::changes);
    fields.put("status", Promotion::status);
    fields.put("decisions", Promotion::decisions);
    fields.put("history", Promotion::history);
    fields.put("claim", Promotion::claim);
    fields.put("release", Promotion::release);
    fields.put("breakGlass", Promotion::breakGlass);
    fields.put("requestedAt", Promotion::requestedAt);
    fields.put("version", Promotion::version);
    return Collections.unmodifiableMap(fields);
  }
}
