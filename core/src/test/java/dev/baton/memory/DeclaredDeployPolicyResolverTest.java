package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.DeployPolicy;
import dev.baton.spi.DeployPolicyResolver;
import dev.baton.testkit.DeployPolicyResolverContract;
import org.junit.jupiter.api.Test;

/** The zero-setup resolver ({@link DeployPolicyResolver#declared()}) against its contract. */
class DeclaredDeployPolicyResolverTest extends DeployPolicyResolverContract {

  @Override
  protected DeployPolicyResolver newResolver() {
    return DeployPolicyResolver.declared();
  }

  @Test
  void answersTheDeclaredPolicy() {
    for (DeployPolicy declared : DeployPolicy.values()) {
      assertThat(DeployPolicyResolver.declared().resolve(PROJECT, PRODUCTION, declared))
          .isEqualTo(declared);
    }
  }
}
