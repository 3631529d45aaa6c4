package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import dev.baton.spi.ForwardingEnvironmentRepository;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** A pipeline is stored only when every stage's environment exists where the pipeline says. */
class PipelineEnvironmentsTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final UserId ADMIN = UserId.of("admin");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");

  private final InMemoryEnvironmentRepository memory = new InMemoryEnvironmentRepository();

  private static Pipeline.Builder twoStages() {
    return Pipeline.builder(SHOP).stage("staging").stage("production")
        .transition("staging", "production", 1);
  }

  private static BatonException refused(ErrorCode code, Runnable call) {
    BatonException e = catchThrowableOfType(BatonException.class, call::run);
    assertThat(e).as("refused with %s", code).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    return e;
  }

  @Test
  void aRepositoryWithNoEnvironmentAtAllRefusesEveryStage() {
    try (Baton baton = Baton.builder().environments(memory).build()) {
      BatonException e = refused(ErrorCode.UNKNOWN_ENVIRONMENT,
          () -> baton.pipelines().replace(twoStages().build(), ADMIN));

      assertThat(e.httpStatus()).isEqualTo(400);
      assertThat(e.problems()).containsExactly(
          "stage 'staging' has no environment: the environment repository does not have it"
              + " (found: none)",
          "stage 'production' has no environment: the environment repository does not have it"
              + " (found: none)");
      assertThat(baton.pipelines().find(SHOP)).isEmpty();
    }
  }

  @Test
  void aStageWhoseEnvironmentIsMissingIsNamedWithTheFolderLookedFor() {
    memory.seed(SHOP, STAGING, Map.of("values.yaml", "image: {tag: '1'}\n"));
    FolderRepository folders = new FolderRepository(memory, (p, e) -> "env/" + e);
    try (Baton baton = Baton.builder().environments(folders).build()) {
      Pipeline pipeline = twoStages().layout("env/{environment}").build();

      BatonException e = refused(ErrorCode.UNKNOWN_ENVIRONMENT,
          () -> baton.pipelines().replace(pipeline, ADMIN));

      assertThat(e.problems()).containsExactly("stage 'production' has no environment: folder"
          + " 'env/production' does not exist (found: staging)");
      refused(ErrorCode.UNKNOWN_ENVIRONMENT, () -> baton.pipelines().check(pipeline));
      assertThat(baton.pipelines().find(SHOP)).isEmpty();

      memory.seed(SHOP, PRODUCTION, Map.of("values.yaml", "image: {tag: '0'}\n"));
      assertThat(baton.pipelines().replace(pipeline, ADMIN).version()).isEqualTo(1);
    }
  }

  @Test
  void theRepositoryMustReadEachStageFromTheFolderThePipelineNames() {
    memory.seed(SHOP, STAGING, Map.of("a.yaml", "a: 1\n"));
    memory.seed(SHOP, PRODUCTION, Map.of("a.yaml", "a: 2\n"));
    FolderRepository folders = new FolderRepository(memory, (p, e) -> "envs/" + e);
    try (Baton baton = Baton.builder().environments(folders).build()) {
      Pipeline moved = Pipeline.builder(SHOP).layout("env/{environment}").stage("staging")
          .stage(Stage.of("production").withPath("envs/production"))
          .transition("staging", "production", 1).build();

      BatonException e = refused(ErrorCode.INVALID_PIPELINE,
          () -> baton.pipelines().replace(moved, ADMIN));

      assertThat(e.problems()).singleElement().asString()
          .startsWith("stage 'staging': the pipeline places it in folder 'env/staging' but the"
              + " environment repository reads 'envs/staging'")
          .contains("layout 'env/{environment}'")
          .contains("GitEnvironmentRepository.builder().pipeline(pipeline)");
      assertThat(baton.pipelines().find(SHOP)).isEmpty();

      assertThat(baton.pipelines().replace(twoStages().build(), ADMIN).version()).isEqualTo(1);
    }
  }

  @Test
  void graphProblemsComeFirstAndStayInvalidPipeline() {
    try (Baton baton = Baton.builder().environments(memory).build()) {
      Pipeline cyclic = twoStages().transition("production", "staging", 0).build();
      BatonException e = refused(ErrorCode.INVALID_PIPELINE,
          () -> baton.pipelines().replace(cyclic, ADMIN));
      assertThat(e.problems()).singleElement().asString().contains("cycle");
    }
  }

  /** An in-memory repository that also says which folder it reads each environment from. */
  private static final class FolderRepository extends ForwardingEnvironmentRepository {
    private final BiFunction<ProjectId, EnvironmentName, String> folders;

    FolderRepository(InMemoryEnvironmentRepository delegate,
        BiFunction<ProjectId, EnvironmentName, String> folders) {
      super(delegate);
      this.folders = folders;
    }

    @Override
    public Optional<String> folder(ProjectId project, EnvironmentName environment) {
      return Optional.of(folders.apply(project, environment));
    }
  }
}
