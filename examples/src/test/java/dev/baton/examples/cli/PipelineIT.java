package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void showPrintsStagesAndTransitionsAsTables() {
    String out = baton("pipeline", "show").ok().out();

    assertThat(out).contains("Pipeline of shop (version 1)");
    assertThat(out).containsPattern("production\\s+manual");
    assertThat(out).containsPattern("dev\\s+staging\\s+auto\\s+yes");
    assertThat(out).containsPattern("staging\\s+production\\s+2\\s+no");
  }

  @Test
  void showDrawsMermaidAndDotAndWritesYamlAndJson() {
    assertThat(baton("pipeline", "show", "--mermaid").ok().out())
        .startsWith("flowchart LR")
        .contains("staging -->|2 approvals| production");
    assertThat(baton("pipeline", "show", "--dot").ok().out())
        .startsWith("digraph \"shop\"")
        .contains("\"dev\" -> \"staging\" [label=\"auto\"];");
    assertThat(baton("pipeline", "show", "--yaml").ok().out())
        .contains("deployPolicy: manual").contains("requiredApprovals: 2");
    JsonNode json = baton("--json", "pipeline", "show").ok().json();
    assertThat(json.get("project").asText()).isEqualTo("shop");
    assertThat(json.get("stages")).hasSize(3);
    assertThat(json.get("transitions").get(1).get("requiredApprovals").asInt()).isEqualTo(2);
  }

  @Test
  void formatsAreExclusive() {
    assertThat(baton("pipeline", "show", "--dot", "--mermaid").exits(2).err())
        .contains("mutually exclusive");
  }

  private static final String ONE_APPROVAL = """
      project: shop
      stages:
        - environment: dev
        - environment: staging
        - environment: production
          deployPolicy: manual
      transitions:
        - from: dev
          to: staging
          requiredApprovals: 1
        - from: staging
          to: production
          requiredApprovals: 2
      """;

  @Test
  void setRefusesAFileThatDiffersFromTheBranchsAndChangesNothing() throws Exception {
    Path file = tmp.resolve("pipeline.yaml");
    Files.writeString(file, ONE_APPROVAL);
    String branch = git("rev-parse", "main").ok().out();
    String state = git("rev-parse", "refs/baton/state").ok().out();

    CliProcess.Result result = as("lead@example.com", "pipeline", "set", file.toString())
        .exits(3);

    assertThat(result.err()).startsWith("refused: PIPELINE_CONFLICT (HTTP 409)")
        .contains(".baton/pipeline.yaml on main (commit ").contains("Commit your change");
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(branch);
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
    assertThat(baton("pipeline", "show").ok().out()).contains("version 1");

    // The branch's own file is accepted, and changes nothing.
    Path same = tmp.resolve("same.yaml");
    git("show", "main:.baton/pipeline.yaml").ok();
    Files.writeString(same, git("show", "main:.baton/pipeline.yaml").ok().out());
    assertThat(as("lead@example.com", "pipeline", "set", same.toString()).ok().out())
        .contains("is already");
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
  }

  @Test
  void withoutAPipelineFileOnTheBranchSetReplacesTheStoredPipeline() throws Exception {
    git("rm", "-q", ".baton/pipeline.yaml").ok();
    git("commit", "-q", "-m", "Keep the pipeline in Baton only").ok();
    Path file = tmp.resolve("pipeline.yaml");
    Files.writeString(file, ONE_APPROVAL);

    String out = as("lead@example.com", "pipeline", "set", file.toString()).ok().out();

    assertThat(out).contains("Pipeline of shop replaced (version 2)");
    String show = baton("pipeline", "show").ok().out();
    assertThat(show).containsPattern("dev\\s+staging\\s+1\\s+no")
        .contains("From the stored pipeline (no .baton/pipeline.yaml on main)");
    assertThat(git("cat-file", "-p", "refs/baton/state:pipelines/shop.json").ok().out())
        .contains("\"version\" : 2");
  }

  @Test
  void aChangedPipelineFileIsStoredFirstWithANotice() throws Exception {
    Files.writeString(repo.resolve(".baton/pipeline.yaml"), ONE_APPROVAL);
    git("commit", "-q", "-am", "dev to staging needs an approval").ok();
    String commit = git("rev-parse", "--short=8", "HEAD").ok().out().strip();

    CliProcess.Result first = baton("pipeline", "show").ok();

    assertThat(first.err()).contains("notice: the stored pipeline of shop (version 1) differed"
        + " from .baton/pipeline.yaml on main (commit " + commit + "); stored the branch's"
        + " version (version 2)");
    assertThat(first.out()).contains("Pipeline of shop (version 2)")
        .containsPattern("dev\\s+staging\\s+1\\s+no")
        .contains("From .baton/pipeline.yaml on main (commit " + commit + ").");
    CliProcess.Result second = baton("pipeline", "show").ok();
    assertThat(second.err()).doesNotContain("notice");
    assertThat(baton("--json", "pipeline", "show").ok().json().get("source").get("commit")
        .asText()).startsWith(commit);
    assertThat(git("log", "-1", "--format=%s", "refs/baton/state").ok().out()).isNotBlank();
  }

  @Test
  void setRefusesAnInvalidGraphListingEveryProblemAndChangesNothing() throws Exception {
    Path file = tmp.resolve("broken.yaml");
    Files.writeString(file, """
        project: shop
        stages:
          - environment: dev
          - environment: staging
          - environment: qa
        transitions:
          - from: dev
            to: staging
            requiredApprovals: 0
          - from: staging
            to: dev
            requiredApprovals: 1
          - from: staging
            to: staging
            requiredApprovals: 1
        """);
    String before = git("rev-parse", "refs/baton/state").ok().out();

    CliProcess.Result result = as("lead@example.com", "pipeline", "set", file.toString())
        .exits(3);

    assertThat(result.err()).startsWith("refused: INVALID_PIPELINE (HTTP 400)");
    assertThat(result.err().lines().filter(l -> l.startsWith("  - ")).count())
        .isGreaterThanOrEqualTo(2); // the cycle, the self-loop
    assertThat(result.err()).contains("cycle").contains("self-loop");
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(before);
    assertThat(baton("pipeline", "show").ok().out()).contains("version 1");
  }

  @Test
  void setRefusesAMalformedDocumentListingEveryProblem() throws Exception {
    Path file = tmp.resolve("malformed.yaml");
    Files.writeString(file, """
        project: shop
        stages:
          - environment: dev
            deployPolicy: sometimes
        transitions:
          - from: dev
            requiredApprovals: many
        colour: blue
        """);

    CliProcess.Result result = as("lead@example.com", "pipeline", "set", file.toString())
        .exits(3);

    assertThat(result.err()).startsWith("refused: MALFORMED_DOCUMENT (HTTP 400)");
    assertThat(result.err()).contains("  - stages[0].deployPolicy")
        .contains("  - transitions[0].to is required")
        .contains("  - transitions[0].requiredApprovals must be a whole number")
        .contains("  - colour is not a known key");
  }

  @Test
  void setOfAMissingFileIsAFailureNotARefusal() {
    CliProcess.Result result = as("lead@example.com", "pipeline", "set",
        tmp.resolve("nope.yaml").toString()).exits(1);

    assertThat(result.err()).startsWith("error: ").contains("nope.yaml")
        .doesNotContain("at dev.baton");
  }

  @Test
  void setRefusesAFileThatIsNotUtf8NamingItAndChangesNothing() throws Exception {
    git("rm", "-q", ".baton/pipeline.yaml").ok();
    git("commit", "-q", "-m", "Keep the pipeline in Baton only").ok();
    baton("pipeline", "show").ok();
    String state = git("rev-parse", "refs/baton/state").ok().out();
    Path file = tmp.resolve("latin1.yaml");
    Files.write(file, ("# caf\u00e9\n" + ONE_APPROVAL).getBytes("ISO-8859-1"));

    CliProcess.Result result = as("lead@example.com", "pipeline", "set", file.toString())
        .exits(3);

    assertThat(result.err()).startsWith("refused: MALFORMED_DOCUMENT").contains("latin1.yaml")
        .contains("not UTF-8");
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
  }

  @Test
  void setRefusesAnEndlessOrHugeFileAfterReadingAtMostTheLimit() throws Exception {
    git("rm", "-q", ".baton/pipeline.yaml").ok();
    git("commit", "-q", "-m", "Keep the pipeline in Baton only").ok();
    baton("pipeline", "show").ok();
    String state = git("rev-parse", "refs/baton/state").ok().out();
    Path huge = tmp.resolve("huge.yaml");
    Files.writeString(huge, ONE_APPROVAL + "#" + "x".repeat(Workspace.MAX_FILE_BYTES) + "\n");

    for (String file : new String[] {"/dev/zero", huge.toString()}) {
      CliProcess.Result result = as("lead@example.com", "pipeline", "set", file).exits(3);

      assertThat(result.err()).startsWith("refused: DOCUMENT_TOO_LARGE").contains(file)
          .doesNotContain("OutOfMemoryError");
    }
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
  }
}
