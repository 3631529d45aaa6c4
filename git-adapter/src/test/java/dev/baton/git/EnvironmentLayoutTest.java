package dev.baton.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import org.junit.jupiter.api.Test;

class EnvironmentLayoutTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");

  @Test
  void theDefaultPutsEnvironmentsUnderEnvs() {
    EnvironmentLayout layout = EnvironmentLayout.defaultLayout();
    assertThat(layout.pattern()).isEqualTo("envs/{environment}");
    assertThat(layout.folder(SHOP, STAGING)).isEqualTo("envs/staging");
    assertThat(layout.usesProject()).isFalse();
    assertThat(layout.parentFolder(SHOP)).isEqualTo("envs");
    assertThat(layout.suffix(SHOP)).isEmpty();
  }

  @Test
  void projectAndSuffixSegmentsAreSubstituted() {
    EnvironmentLayout layout = EnvironmentLayout.of("projects/{project}/{environment}/k8s");
    assertThat(layout.folder(SHOP, STAGING)).isEqualTo("projects/shop/staging/k8s");
    assertThat(layout.usesProject()).isTrue();
    assertThat(layout.parentFolder(SHOP)).isEqualTo("projects/shop");
    assertThat(layout.suffix(SHOP)).isEqualTo("k8s");
  }

  @Test
  void theEnvironmentMayBeAtTheRoot() {
    EnvironmentLayout layout = EnvironmentLayout.of("{environment}");
    assertThat(layout.folder(SHOP, STAGING)).isEqualTo("staging");
    assertThat(layout.parentFolder(SHOP)).isEmpty();
  }

  @Test
  void layoutsAreValuesByPattern() {
    assertThat(EnvironmentLayout.of("envs/{environment}"))
        .isEqualTo(EnvironmentLayout.defaultLayout())
        .hasSameHashCodeAs(EnvironmentLayout.defaultLayout());
    assertThat(EnvironmentLayout.of("x/{environment}")).isNotEqualTo(
        EnvironmentLayout.defaultLayout());
  }

  @Test
  void placeholdersMustBeRight() {
    for (String bad : new String[] {"envs", "envs/{environment}/{environment}",
        "envs/env-{environment}", "{project}/{project}/{environment}", "envs/{stage}",
        "{environment}/{"}) {
      assertThatThrownBy(() -> EnvironmentLayout.of(bad)).as(bad)
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThatThrownBy(() -> EnvironmentLayout.of(" "))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void escapingPatternsAreOutsideTheEnvironment() {
    assertThatThrownBy(() -> EnvironmentLayout.of("envs/../../{environment}"))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT));
  }
}
