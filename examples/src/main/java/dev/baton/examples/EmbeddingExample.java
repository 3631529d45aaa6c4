package dev.baton.examples;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.UserId;
import dev.baton.preview.Preview;
import dev.baton.preview.PreviewFormat;
import java.io.PrintStream;
import java.util.Map;

/**
 * The embedding snippet of the README, as a program that compiles and runs in the build. Run:
 * {@code java -cp examples/target/baton.jar dev.baton.examples.EmbeddingExample}.
 */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  /** Entry point; prints the preview, the refusal of a second approval and the final status. */
  public static void main(String[] args) {
    System.out.println(run(System.out).status());
  }

  /** Runs the snippet, printing on {@code out}, and returns the promotion it completed. */
  static Promotion run(PrintStream out) {
    ProjectId shop = ProjectId.of("shop");
    InMemoryEnvironmentRepository envs = new InMemoryEnvironmentRepository();
    envs.seed(shop, EnvironmentName.of("staging"),
        Map.of("values.yaml", "image:\n  tag: \"1.4.0\"\n"));
    envs.seed(shop, EnvironmentName.of("production"),
        Map.of("values.yaml", "image:\n  tag: \"1.3.0\"\n"));

    try (Baton baton = Baton.builder().environments(envs).build()) {
      baton.pipelines().replace(Pipeline.builder(shop)
          .stage("staging").stage("production", DeployPolicy.MANUAL)
          .transition("staging", "production", 2)
          .build(), UserId.of("platform"));

      Preview preview = baton.previews().preview(shop, EnvironmentName.of("staging"),
          EnvironmentName.of("production"));
      out.println(PreviewFormat.toYaml(preview));

      Promotion p = baton.promotions().request(
          PromotionRequest.of("shop", "staging", "production", "alice").withNotes("1.4.0"));
      baton.promotions().approve(p.id(), UserId.of("bob"), "lgtm");
      try {
        baton.promotions().approve(p.id(), UserId.of("bob"), "again");
      } catch (BatonException e) {
        if (e.code() != ErrorCode.ALREADY_APPROVED) {
          throw e; // anything else is not what this program expects
        }
        out.println("refused: " + e.code()); // the code is for programs, the message for people
      }
      p = baton.promotions().approve(p.id(), UserId.of("carol"), "ship it"); // quorum: executes
      // p.status() == PENDING_RELEASE (production is MANUAL); p.release() holds the revision
      p = baton.promotions().deploy(p.id(), UserId.of("carol"));            // COMPLETED
      return p;
    }
  }
}
