package dev.baton.examples.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.error.BatonException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API half of the bad-input suite: every case of {@link ApiCases} against Baton wired on a
 * real Git repository. Each call must fail with a {@link BatonException} of the expected code,
 * and leave every ref, the work tree, the lock files and the stored promotions and pipeline
 * exactly as they were (compared through the {@code git} CLI and the store).
 */
class BadInputApiTest {
  @TempDir
  static Path tmp;
  static BadInputWorld world;

  @BeforeAll
  static void world() {
    world = BadInputWorld.create(tmp.resolve("shop"));
    world.markResetPoint();
  }

  @AfterAll
  static void close() {
    world.close();
  }

  static Stream<BadCase> cases() {
    return ApiCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithItsCodeAndNothingMoves(BadCase bad) throws Exception {
    if (bad.setup() != null) {
      bad.setup().run(world);
    }
    try {
      String before = world.snapshot();

      Throwable thrown = catchThrowable(() -> bad.call().run(world));

      assertThat(thrown).as(bad.toString()).isInstanceOf(BatonException.class);
      assertThat(((BatonException) thrown).code()).as(bad + ": " + thrown.getMessage())
          .isEqualTo(bad.expected());
      assertThat(world.snapshot()).as(bad.toString()).isEqualTo(before);
    } finally {
      if (bad.setup() != null) {
        world.resetEnvironments();
      }
    }
  }
}
