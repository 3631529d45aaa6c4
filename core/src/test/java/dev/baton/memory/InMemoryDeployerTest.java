package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.PromotionId;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.testkit.SamplePromotions;
import org.junit.jupiter.api.Test;

class InMemoryDeployerTest {

  @Test
  void succeedsByDefaultAndRecordsEveryRequest() {
    InMemoryDeployer deployer = new InMemoryDeployer();
    DeployRequest first = request(PRODUCTION, "r-1");
    DeployRequest second = request(STAGING, "r-2");

    DeployResult result = deployer.deploy(first);
    deployer.deploy(second);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.message()).contains("r-1", "production");
    assertThat(deployer.requests()).containsExactly(first, second);
  }

  @Test
  void failingDeployerAnswersFailureForSelectedRequests() {
    InMemoryDeployer deployer =
        InMemoryDeployer.failingWhen(r -> r.environment().equals(PRODUCTION));

    DeployResult production = deployer.deploy(request(PRODUCTION, "r-1"));
    DeployResult staging = deployer.deploy(request(STAGING, "r-2"));

    assertThat(production.succeeded()).isFalse();
    assertThat(production.message()).contains("failed");
    assertThat(staging.succeeded()).isTrue();
    assertThat(deployer.requests()).hasSize(2);
  }

  @Test
  void throwingDeployerThrowsForSelectedRequestsAndStillRecordsThem() {
    InMemoryDeployer deployer = InMemoryDeployer.throwingWhen(r -> true);
    DeployRequest request = request(PRODUCTION, "r-1");

    assertThatThrownBy(() -> deployer.deploy(request)).isInstanceOf(IllegalStateException.class);

    assertThat(deployer.requests()).containsExactly(request);
  }

  private static DeployRequest request(EnvironmentName environment, String release) {
    return new DeployRequest(PROJECT, environment, PromotionId.of("p-1"), ReleaseId.of(release),
        Revision.of("mem-7"), SamplePromotions.BOB, 1);
  }
}
