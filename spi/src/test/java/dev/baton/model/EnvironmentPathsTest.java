package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentPathsTest {

  @ParameterizedTest
  @ValueSource(strings = {"values.yaml", "manifests/service.yaml", "a/b/c.yml", "..hidden"})
  void acceptsRelativePathsInside(String path) {
    assertThat(EnvironmentPaths.requireInside(path)).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/etc/passwd", "../prod/values.yaml", "a/../../b", "a//b", "./a",
      "a\\b", "C:/x", ".git/config", "a/\u0000b", "a/"})
  void refusesPathsThatLeaveTheFolder(String path) {
    assertThatThrownBy(() -> FileChange.write(path, "x"))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT));
  }
}
