package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreviewIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void humanPreviewNamesTheMoveAndItsChanges() {
    String out = baton("preview", "--from", "staging", "--to", "production").ok().out();

    assertThat(out).contains("staging → production");
    assertThat(out).doesNotContain("\u001b["); // not a terminal: no colour
  }

  @Test
  void jsonPreviewParses() {
    JsonNode json = baton("--json", "preview", "--from", "staging", "--to", "production").ok()
        .json();

    assertThat(json.isObject()).isTrue();
  }

  @Test
  void yamlPreviewIsPrinted() {
    assertThat(baton("preview", "--from", "staging", "--to", "production", "--yaml").ok().out())
        .isNotBlank();
  }

  @Test
  void aPreviewOutsideThePipelineIsRefused() {
    assertThat(baton("preview", "--from", "production", "--to", "dev").exits(3).err())
        .startsWith("refused: INVALID_STAGE_TRANSITION");
  }

  @Test
  void previewChangesNothing() {
    String state = git("rev-parse", "refs/baton/state").ok().out();
    String main = git("rev-parse", "main").ok().out();

    baton("preview", "--from", "dev", "--to", "staging").ok();

    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(main);
  }
}
