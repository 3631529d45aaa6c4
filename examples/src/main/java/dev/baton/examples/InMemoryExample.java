package dev.baton.examples;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.UserId;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs the seed design's pipeline end to end in memory (dev to staging and qa automatically,
 * staging to production with two approvals, qa to production with one) and prints each
 * promotion's status. Run: {@code java -cp examples/target/baton.jar
 * dev.baton.examples.InMemoryExample}.
 */
public final class InMemoryExample {

  private InMemoryExample() {}

  /** Entry point. */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the pipeline, printing each step on {@code out}; returns the promotions it made, in the
   * order it requested them, as they ended.
   */
  static List<Promotion> run(PrintStream out) {
    ProjectId shop = ProjectId.of("shop");
    InMemoryEnvironmentRepository environments = new InMemoryEnvironmentRepository();
    environments.seed(shop, EnvironmentName.of("dev"),
        SampleEnvironments.environment("dev", "1.4.0", 1));
    environments.seed(shop, EnvironmentName.of("qa"),
        SampleEnvironments.environment("qa", "1.3.2", 1));
    environments.seed(shop, EnvironmentName.of("staging"),
        SampleEnvironments.environment("staging", "1.3.2", 2));
    environments.seed(shop, EnvironmentName.of("production"),
        SampleEnvironments.environment("production", "1.3.0", 4));

    try (Baton baton = Baton.builder().environments(environments).build()) {
      baton.pipelines().replace(Pipeline.builder(shop)
          .stage("dev").stage("qa").stage("staging")
          .stage("production", DeployPolicy.MANUAL)
          .transition("dev", "staging", 0)
          .transition("dev", "qa", 0)
          .transition("staging", "production", 2)
          .transition("qa", "production", 1)
          .build(), UserId.of("platform-team"));

      Promotion toStaging = baton.promotions().request(
          PromotionRequest.of("shop", "dev", "staging", "alice").withNotes("release 1.4.0"));
      print(out, "dev -> staging (auto)", toStaging);
      Promotion toQa = baton.promotions().request(
          PromotionRequest.of("shop", "dev", "qa", "alice"));
      print(out, "dev -> qa (auto)", toQa);

      Promotion toProd = baton.promotions().request(
          PromotionRequest.of("shop", "staging", "production", "alice")
              .withNotes("1.4.0 passed staging"));
      print(out, "staging -> production requested", toProd);
      toProd = baton.promotions().approve(toProd.id(), UserId.of("bob"), "looks good");
      print(out, "approved by bob (1/2)", toProd);
      try {
        baton.promotions().approve(toProd.id(), UserId.of("bob"), "again");
        throw new IllegalStateException("a second approval by bob was accepted");
      } catch (BatonException e) {
        // A program tells refusals apart by their code, never by their message.
        switch (e.code()) {
          case ALREADY_APPROVED -> out.println("  bob approving twice is refused: " + e.code()
              + " (HTTP " + e.httpStatus() + ")");
          default -> throw e;
        }
      }
      toProd = baton.promotions().approve(toProd.id(), UserId.of("carol"), "ship it");
      print(out, "approved by carol (2/2): executed", toProd);
      toProd = baton.promotions().deploy(toProd.id(), UserId.of("carol"));
      print(out, "deployed by hand", toProd);

      // a hotfix build lands in qa; the qa path is requested too, and rejected
      environments.seed(shop, EnvironmentName.of("qa"),
          SampleEnvironments.environment("qa", "1.4.1", 1));
      Promotion fromQa = baton.promotions().request(
          PromotionRequest.of("shop", "qa", "production", "dave"));
      fromQa = baton.promotions().reject(fromQa.id(), UserId.of("erin"), "staging path won");
      print(out, "qa -> production rejected", fromQa);

      out.println();
      out.println("production commits: ");
      environments.commits(shop, EnvironmentName.of("production")).forEach(c ->
          out.println("  " + c.title() + " [" + c.promotion() + "] approved by "
              + c.approvedBy()));
      return List.of(toStaging, toQa, toProd, fromQa);
    }
  }

  private static void print(PrintStream out, String step, Promotion p) {
    out.printf("%-40s %s %s -> %s  %s%s%n", step, p.id(), p.source(), p.target(),
        p.status(), p.release().map(r -> "  release " + r.id() + " " + r.deployState())
            .orElse(""));
  }
}
