package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What people typed reaches the terminal escaped: it cannot rewrite the approver's screen. */
class TerminalEscapingIT extends CliTestBase {
  // Clears the screen, homes the cursor, and reverses the rest of the line.
  private static final String NOTES = "ship it\u001b[2J\u001b[H\u202eevil";
  private static final String COMMENT = "no\u001b]0;title\u0007\u200bway\r";

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void notesAndCommentsArePrintedWithVisibleEscapes() {
    String id = requestToProduction(NOTES);

    String inbox = as("bob@example.com", "inbox").ok().out();
    as("bob@example.com", "reject", id, "--comment", COMMENT).ok();
    String show = baton("show", id).ok().out();
    String history = baton("history").ok().out();

    for (String printed : new String[] {inbox, show, history}) {
      assertThat(printed).doesNotContain("\u001b", "\u202e", "\u200b", "\u0007", "\r")
          .contains(id.substring(0, 10));
    }
    assertThat(inbox).contains("ship it\\u001b[2J\\u001b[H\\u202eevil");
    assertThat(show).contains("ship it\\u001b[2J\\u001b[H\\u202eevil")
        .contains("no\\u001b]0;title\\u0007\\u200bway\\u000d");
    // JSON stays exact: Jackson escapes it for scripts.
    assertThat(baton("--json", "show", id).ok().json().get("notes").asText()).isEqualTo(NOTES);
  }
}
