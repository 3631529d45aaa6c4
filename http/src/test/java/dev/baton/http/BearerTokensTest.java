package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.model.UserId;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file and the bearer scheme. */
class BearerTokensTest {

  private static HttpHeaders authorization(String... values) {
    return HttpHeaders.of(Map.of("authorization", List.of(values)), (n, v) -> true);
  }

  @Test
  void aFileWithCommentsAndBlankLinesNamesOnePersonPerToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# who may call\n\n3f1c9a0e5b7d4c2a1111  alice@example.com\n"
        + "\t9b8e7d6c5a4f3e2d2222\tbob@example.com   \r\n");
    BearerTokens tokens = BearerTokens.fromFile(file);
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.authenticate(authorization("Bearer 3f1c9a0e5b7d4c2a1111")))
        .contains(UserId.of("alice@example.com"));
    assertThat(tokens.authenticate(authorization("BEARER 9b8e7d6c5a4f3e2d2222")))
        .contains(UserId.of("bob@example.com"));
    assertThat(tokens.toString()).doesNotContain("3f1c");
  }

  @Test
  void everyBadLineIsReportedAtOnceWithItsNumber() {
    String text = "short alice\nabcdefghijklmnop\nabcdefghijklmnop bob extra\n"
        + "abcdefghijklmnopq carol\nabcdefghijklmnopq dave\n";
    assertThatThrownBy(() -> BearerTokens.parse(text, "tokens.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens.txt")
        .hasMessageContaining("line 1: a token has 16 to 512 characters")
        .hasMessageContaining("line 2: expected 'TOKEN USER', found 1 field")
        .hasMessageContaining("line 3: expected 'TOKEN USER', found 3 fields")
        .hasMessageContaining("line 5: this token is already listed")
        .hasMessageNotContaining("line 4");
    assertThatThrownBy(() -> BearerTokens.parse("# nothing\n", "empty"))
        .hasMessageContaining("no token");
  }

  @Test
  void aMissingFileSaysWhich(@TempDir Path dir) {
    assertThatThrownBy(() -> BearerTokens.fromFile(dir.resolve("absent")))
        .hasMessageContaining("absent");
  }

  @Test
  void missingMalformedAndUnknownCredentialsNameNobody() {
    BearerTokens tokens = BearerTokens.of(Map.of("abcdefghijklmnop", UserId.of("alice")));
    assertThat(tokens.authenticate(HttpHeaders.of(Map.of(), (n, v) -> true))).isEmpty();
    for (String value : List.of("abcdefghijklmnop", "Basic abcdefghijklmnop", "Bearer",
        "Bearer ", "Bearer abcdefghijklmnox", "Bearer abcdefghijklmno", "Bearer abcdefghijklmnop x",
        "Bearer abcdefghijklmnopé")) {
      assertThat(tokens.authenticate(authorization(value))).as(value).isEmpty();
    }
    assertThat(tokens.authenticate(authorization("Bearer abcdefghijklmnop",
        "Bearer abcdefghijklmnop"))).as("two Authorization headers").isEmpty();
    assertThatThrownBy(() -> BearerTokens.of(Map.of("short", UserId.of("x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
