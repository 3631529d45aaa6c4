package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.error.BatonException;
import dev.baton.json.BatonJson;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final ObjectMapper STANDARD = BatonJson.strictMapper().build();

  @Test
  void readsTheInstantsItWritesAsTheJavaTimeModuleDoes() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      long second = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
          Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant at = Instant.ofEpochSecond(second, nano);
      String json = Json.write(at);
      String text = json.substring(1, json.length() - 1);
      assertThat(Json.canonicalInstant(text)).as(text).isEqualTo(at);
      assertThat(Json.read(json, Instant.class, "an instant")).as(text).isEqualTo(at)
          .isEqualTo(STANDARD.readValue(json, Instant.class));
    }
  }

  @Test
  void leavesEveryOtherTextToTheJavaTimeModule() throws Exception {
    List<String> texts = List.of("2026-11-30T06:05:00.5Z", "2026-11-30T06:05:00.123456789Z",
        "2026-11-30T06:05:00.Z", "2026-11-30T06:05:00.1234567890Z", "2026-02-30T06:05:00Z",
        "2026-11-30T24:00:00Z", "2026-11-30T23:59:60Z", "2026-13-01T00:00:00Z",
        "2026-11-30T06:05:00z", "2026-11-30 06:05:00Z", "+12026-11-30T06:05:00Z",
        "-2026-11-30T06:05:00Z", "2026-11-30T06:05:00+01:00", " 2026-11-30T06:05:00Z",
        "2026-11-3aT06:05:00Z", "2026-1１-30T06:05:00Z", "", "1764482700", "now");
    for (String text : texts) {
      String json = "\"" + text + "\"";
      // read as the same instant (or null, for ""), or refused by both
      assertThat(readOrFail(json)).as(text).isEqualTo(standard(json));
    }
    assertThat(Json.read("1764482700", Instant.class, "an instant"))
        .isEqualTo(STANDARD.readValue("1764482700", Instant.class));
    assertThat(Json.canonicalInstant("2026-02-30T06:05:00Z")).isNull();
    assertThat(Json.canonicalInstant("2026-11-30T23:59:60Z")).isNull();
  }

  private static Optional<Optional<Instant>> standard(String json) {
    try {
      return Optional.of(Optional.ofNullable(STANDARD.readValue(json, Instant.class)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Optional<Instant>> readOrFail(String json) {
    try {
      return Optional.of(Optional.ofNullable(Json.read(json, Instant.class, "an instant")));
    } catch (BatonException e) {
      return Optional.empty();
    }
  }
}
