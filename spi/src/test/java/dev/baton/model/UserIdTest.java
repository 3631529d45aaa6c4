package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"alice@example.com", "ALICE@EXAMPLE.COM", "Alice@Example.Com",
      "alice@example.com.", " alice@example.com ", "ALICE@example.com.."})
  void emailLikeIdsHaveOneNormalForm(String spelling) {
    UserId id = UserId.of(spelling);
    assertThat(id.value()).isEqualTo("alice@example.com");
    assertThat(id).isEqualTo(UserId.of("alice@example.com"))
        .hasSameHashCodeAs(UserId.of("alice@example.com"));
    assertThat(new UserId(spelling)).isEqualTo(id);
    assertThat(UserId.of(id.value())).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "Alice", "ci-bot", "svc:deploy", "élodie", "bob@."})
  void otherIdsKeepTheirSpellingExceptSurroundingSpace(String value) {
    assertThat(UserId.of(" " + value + " ").value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice\u200B@example.com", "al\u200Cice", "al\u200Dice", "al\u2060ice",
      "\uFEFFalice", "alice\u202E", "\u202Aalice", "al\u202Bice", "al\u202Cice", "al\u202Dice",
      "al\u2066ice", "al\u2067ice", "al\u2068ice", "al\u2069ice", "al\u200Eice", "al\u200Fice",
      "al\u061Cice", "al\u00ADice", "al\u0000ice", "al\tice", "alice\n", "al\u001Bice",
      "al\u2028ice", "al\u0085ice", "", "   "})
  void refusesInvisibleAndControlCharacters(String value) {
    assertThatThrownBy(() -> UserId.of(value))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @org.junit.jupiter.api.Test
  void refusesNull() {
    assertThatThrownBy(() -> UserId.of(null))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
