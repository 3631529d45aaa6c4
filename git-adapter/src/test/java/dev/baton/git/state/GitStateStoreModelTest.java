package dev.baton.git.state;

import dev.baton.git.GitCli;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreModelContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Git state store against random promotion histories, each on a fresh bare repository.
 * Every write is a commit, so it runs fewer and shorter histories than the in-memory store.
 */
class GitStateStoreModelTest extends PromotionStoreModelContract {
  @TempDir
  Path tmp;

  private int repositories;

  @Override
  protected PromotionStore newStore() {
    // The harness closes the store after each sequence; the folders go with the @TempDir.
    repositories++;
    return GitStateStore.open(GitCli.initBare(tmp.resolve("state-" + repositories)));
  }

  @Override
  protected int sequences() {
    return 100;
  }

  @Override
  protected int maxLength() {
    return 30;
  }
}
