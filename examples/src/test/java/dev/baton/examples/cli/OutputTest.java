package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
  private final StringWriter text = new StringWriter();

  private Output output(boolean color) {
    return new Output(new PrintWriter(text), new PrintWriter(new StringWriter()), false, color);
  }

  @Test
  void ownColoursSurviveWhileTypedEscapesAreShown() {
    Output out = output(true);
    out.line(out.green("ok") + " typed \u001b[31mred\u202e " + out.bold("\u001b[2J"));
    out.flush();

    assertThat(text.toString()).isEqualTo("\u001b[32mok\u001b[0m typed \\u001b[31mred\\u202e "
        + "\u001b[1m\\u001b[2J\u001b[0m" + System.lineSeparator());
  }

  @Test
  void typedColourMarksAreEscapedNotObeyed() {
    Output out = output(true);
    out.line(out.yellow("x\uE00031\uE001y\uE002"));
    out.flush();

    assertThat(text.toString()).isEqualTo("\u001b[33mx\\ue00031\\ue001y\\ue002\u001b[0m"
        + System.lineSeparator());
  }

  @Test
  void withoutColourTheMarksVanishAndTablesAlignOnWhatIsShown() {
    Output out = output(false);
    out.table(List.of("A", "B"), List.of(List.of(out.red("r") + "\u0007", "1"),
        List.of("long-cell", "2")));
    out.flush();

    assertThat(text.toString().lines()).containsExactly("A          B", "r\\u0007    1",
        "long-cell  2");
  }

  @Test
  void invisibleCharactersOutsideTheBasicPlaneAreShownToo() {
    assertThat(Output.escape("a\uDB40\uDC41b\uD800c \uD83D\uDE00")).isEqualTo(
        "a\\udb40\\udc41b\\ud800c \uD83D\uDE00");
  }
}
