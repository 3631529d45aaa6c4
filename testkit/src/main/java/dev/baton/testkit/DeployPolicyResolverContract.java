package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.spi.DeployPolicyResolver;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link DeployPolicyResolver}, as JUnit 5 tests. Extend it and return the
 * resolver from {@link #newResolver()}; override {@link #projects()} and {@link #environments()}
 * to check the ones your resolver treats specially.
 *
 * <p>What is checked: for every declared policy, every project and environment, the answer is
 * never null and the same when asked again. Test methods are public so that other suites may
 * call them one by one.
 *
 * @since 0.1
 */
public abstract class DeployPolicyResolverContract {
  private DeployPolicyResolver resolver;

  /**
   * The resolver under test; called before every test.
   *
   * @since 0.1
   */
  protected abstract DeployPolicyResolver newResolver();

  /**
   * The projects to ask about.
   *
   * @since 0.1
   */
  protected List<ProjectId> projects() {
    return List.of(SamplePromotions.PROJECT, SamplePromotions.OTHER_PROJECT);
  }

  /**
   * The environments to ask about.
   *
   * @since 0.1
   */
  protected List<EnvironmentName> environments() {
    return List.of(SamplePromotions.DEV, SamplePromotions.STAGING, SamplePromotions.PRODUCTION);
  }

  /**
   * Creates the resolver under test; JUnit calls it before each test.
   *
   * @since 0.1
   */
  @BeforeEach
  public void createResolver() {
    resolver = newResolver();
    assertThat(resolver).as("newResolver()").isNotNull();
  }

  /**
   * Every declared policy gets a non-null answer, the same when asked twice.
   *
   * @since 0.1
   */
  @ParameterizedTest
  @EnumSource(DeployPolicy.class)
  public void answersEveryDeclaredPolicyDeterministically(DeployPolicy declared) {
    for (ProjectId project : projects()) {
      for (EnvironmentName environment : environments()) {
        DeployPolicy first = resolver.resolve(project, environment, declared);
        DeployPolicy second = resolver.resolve(project, environment, declared);

        assertThat(first).as("%s/%s declared %s", project, environment, declared).isNotNull();
        assertThat(second).as("%s/%s declared %s, asked again", project, environment, declared)
            .isEqualTo(first);
      }
    }
  }
}
