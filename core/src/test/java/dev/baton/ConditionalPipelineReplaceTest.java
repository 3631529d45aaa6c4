package dev.baton;

import static dev.baton.Errors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A conditional replacement stores only over the version its caller read (HTTP's If-Match). */
class ConditionalPipelineReplaceTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final UserId ADMIN = UserId.of("admin");

  private final InMemoryEnvironmentRepository memory = new InMemoryEnvironmentRepository();
  private final Baton baton;

  ConditionalPipelineReplaceTest() {
    memory.seed(SHOP, EnvironmentName.of("staging"), Map.of("values.yaml", "a: 1\n"));
    memory.seed(SHOP, EnvironmentName.of("production"), Map.of("values.yaml", "a: 2\n"));
    baton = Baton.builder().environments(memory).build();
  }

  @AfterEach
  void close() {
    baton.close();
  }

  private static Pipeline pipeline(int approvals) {
    return Pipeline.builder(SHOP).stage("staging").stage("production")
        .transition("staging", "production", approvals).build();
  }

  @Test
  void createsOnlyWhenThereIsNoneAndReplacesOnlyTheVersionRead() {
    assertThat(baton.pipelines().replaceIfVersion(pipeline(1), 0, ADMIN).version()).isEqualTo(1);

    BatonException exists = refused(ErrorCode.PIPELINE_VERSION_MISMATCH,
        () -> baton.pipelines().replaceIfVersion(pipeline(0), 0, ADMIN));
    assertThat(exists.httpStatus()).isEqualTo(412);
    assertThat(exists.getMessage()).contains("is at version 1, not version 0");

    Pipeline second = baton.pipelines().replaceIfVersion(pipeline(0), 1, ADMIN);
    assertThat(second.version()).isEqualTo(2);
    assertThat(baton.pipelines().get(SHOP)).isEqualTo(second);
  }

  @Test
  void aReplacementByAnyoneElseSinceTheReadIsRefusedAndNothingIsStored() {
    long read = baton.pipelines().replace(pipeline(1), ADMIN).version();
    Pipeline theirs = baton.pipelines().replace(pipeline(0), UserId.of("someone-else"));

    refused(ErrorCode.PIPELINE_VERSION_MISMATCH,
        () -> baton.pipelines().replaceFromYamlIfVersion(SHOP, "stages:\n"
            + "  - environment: staging\n  - environment: production\n"
            + "transitions:\n  - from: staging\n    to: production\n    requiredApprovals: 1\n",
            read, ADMIN));

    assertThat(baton.pipelines().get(SHOP)).isEqualTo(theirs);
  }

  @Test
  void theUsualRefusalsComeFirstAndANegativeVersionIsABadArgument() {
    refused(ErrorCode.INVALID_ARGUMENT,
        () -> baton.pipelines().replaceIfVersion(pipeline(1), -1, ADMIN));
    refused(ErrorCode.UNKNOWN_ENVIRONMENT, () -> baton.pipelines().replaceIfVersion(
        Pipeline.builder(SHOP).stage("staging").stage("qa").transition("staging", "qa", 0)
            .build(), 0, ADMIN));
    assertThat(baton.pipelines().find(SHOP)).isEmpty();
  }
}
