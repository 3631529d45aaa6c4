package dev.baton.git;

import dev.baton.model.CommitInfo;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared test data: a seeded GitOps repository and promotion writes. */
final class Fixtures {
  static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");
  static final ProjectId SHOP = ProjectId.of("shop");
  static final EnvironmentName DEV = EnvironmentName.of("dev");
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final EnvironmentName PRODUCTION = EnvironmentName.of("production");

  static final Map<String, String> SEED = Map.of(
      "README.md", "GitOps repository\n",
      "envs/dev/values.yaml", "image: shop:1.3.0\nreplicas: 1\n",
      "envs/staging/values.yaml", "image: shop:1.2.0\nreplicas: 2\n",
      "envs/production/values.yaml", "image: shop:1.1.0\nreplicas: 3\n",
      "envs/production/manifests/service.yaml", "kind: Service\n");

  private Fixtures() {}

  /** A working-tree repository with the seed files committed on main. */
  static Path seededRepo(Path dir) {
    GitCli.init(dir, false);
    GitCli.commitFiles(dir, SEED, "Seed environments");
    return dir;
  }

  /** A builder that never really sleeps and has seeded jitter. */
  static GitEnvironmentRepository.Builder builder(Path repo, RecordingSleeper sleeper) {
    return GitEnvironmentRepository.builder()
        .repository(repo)
        .sleeper(sleeper)
        .random(new Random(42));
  }

  static CommitInfo info(String promotion) {
    return new CommitInfo(PromotionId.of(promotion), "Promote staging to production",
        "Roll out the new checkout.", UserId.of("alice"),
        List.of(UserId.of("bob"), UserId.of("carol")), AT);
  }

  static EnvironmentWrite write(EnvironmentName environment, Revision expected, String promotion,
      FileChange... changes) {
    return new EnvironmentWrite(SHOP, environment, expected, List.of(changes), info(promotion));
  }

  /** A sleeper that records the delays asked for and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
      delays.add(duration);
    }

    synchronized List<Duration> delays() {
      return List.copyOf(delays);
    }
  }
}
