package dev.baton.git.state;

import dev.baton.git.GitCli;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.FreezeStoreContract;
import dev.baton.testkit.PipelineStoreContract;
import dev.baton.testkit.PromotionStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The Git state store passes the same contracts as every other store. */
class GitStateStoreContractTests {
  @TempDir
  Path tmp;

  private final List<GitStateStore> opened = new ArrayList<>();

  GitStateStore fresh() {
    Path repo = GitCli.initBare(tmp.resolve("state-" + opened.size()));
    GitStateStore store = GitStateStore.open(repo);
    opened.add(store);
    return store;
  }

  @AfterEach
  void close() {
    opened.forEach(GitStateStore::close);
  }

  @Nested
  class Promotions extends PromotionStoreContract {
    @Override
    protected PromotionStore newStore() {
      return fresh();
    }
  }

  @Nested
  class Pipelines extends PipelineStoreContract {
    @Override
    protected PipelineStore newStore() {
      return fresh();
    }
  }

  @Nested
  class Freezes extends FreezeStoreContract {
    @Override
    protected FreezeStore newStore() {
      return fresh();
    }
  }
}
