package dev.baton.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.baton.model.DeployState;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatonJsonTest {
  private final ObjectMapper mapper = BatonJson.strictMapper().build();

  private final Release release = new Release(ReleaseId.of("rel-1"), Revision.of("abc123"),
      Instant.parse("2026-11-29T10:15:30Z"), DeployState.values()[0], "",
      Optional.of(Instant.parse("2026-11-29T10:16:00Z")), Optional.of(UserId.of("alice")));

  @Test
  void writesIdentifiersAsStringsAndInstantsAsIsoText() throws Exception {
    String json = mapper.writeValueAsString(release);

    assertThat(json).contains("\"id\":\"rel-1\"", "\"revision\":\"abc123\"",
        "\"createdAt\":\"2026-11-29T10:15:30Z\"", "\"deployedBy\":\"alice\"");
    assertThat(mapper.readValue(json, Release.class)).isEqualTo(release);
  }

  @Test
  void refusesAnInvalidIdentifierAsAMappingError() throws Exception {
    String json = mapper.writeValueAsString(release).replace("\"alice\"", "\"\"");

    assertThatThrownBy(() -> mapper.readValue(json, Release.class))
        .isInstanceOf(InvalidFormatException.class);
  }

  @Test
  void refusesAnIdentifierThatIsNotAString() throws Exception {
    String json = mapper.writeValueAsString(release).replace("\"rel-1\"", "42");

    assertThatThrownBy(() -> mapper.readValue(json, Release.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void refusesUnknownPropertiesAndTrailingTokens() throws Exception {
    String json = mapper.writeValueAsString(release);

    assertThatThrownBy(() -> mapper.readValue(json.replace("{", "{\"extra\":1,"), Release.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
    assertThatThrownBy(() -> mapper.readValue(json + " {}", Release.class))
        .isInstanceOf(MismatchedInputException.class);
  }
}
