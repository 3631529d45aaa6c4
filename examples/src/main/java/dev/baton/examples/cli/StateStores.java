package dev.baton.examples.cli;

import dev.baton.git.state.GitStateStore;
import dev.baton.jdbc.PostgresStores;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a workspace keeps promotions, pipelines and freezes: on {@code refs/baton/state} of the
 * repository ({@link GitStateStore}, the default), or in the PostgreSQL database that
 * {@code --store} names ({@link PostgresStores}), shared by every process and machine that names
 * it. Environments stay in the Git repository either way. Thread-safe (the stores are); close it
 * when done.
 */
final class StateStores implements AutoCloseable {
  /** Connections a CLI process keeps to PostgreSQL: one command needs one at a time. */
  private static final int CLI_POOL_SIZE = 2;

  private final PromotionStore promotions;
  private final PipelineStore pipelines;
  private final FreezeStore freezes;
  private final AutoCloseable resource;
  private final Optional<StoreUrl> postgres;

  private StateStores(PromotionStore promotions, PipelineStore pipelines, FreezeStore freezes,
      AutoCloseable resource, Optional<StoreUrl> postgres) {
    this.promotions = promotions;
    this.pipelines = pipelines;
    this.freezes = freezes;
    this.resource = resource;
    this.postgres = postgres;
  }

  /**
   * Opens the store: PostgreSQL when {@code store} names it (migrating Baton's schema first),
   * else the state ref of the repository in {@code gitDir}.
   *
   * @throws dev.baton.error.BatonException BACKEND_FAILURE when the database cannot be reached
   *     or refuses the login (the message never holds the password); what opening the state ref
   *     refuses
   */
  static StateStores open(Path gitDir, Optional<StoreUrl> store) {
    if (store.isEmpty()) {
      GitStateStore state = GitStateStore.open(gitDir);
      return new StateStores(state, state, state, state, Optional.empty());
    }
    StoreUrl url = store.get();
    PostgresStores stores = PostgresStores.connect(url.jdbcUrl(), url.user(), url.password())
        .schema(url.schema())
        .poolSize(CLI_POOL_SIZE)
        .open();
    return new StateStores(stores.promotions(), stores.pipelines(), stores.freezes(), stores,
        store);
  }

  /** The promotions (with target claims and the outbox). */
  PromotionStore promotions() {
    return promotions;
  }

  /** The pipelines. */
  PipelineStore pipelines() {
    return pipelines;
  }

  /** The freezes and break-glass sessions. */
  FreezeStore freezes() {
    return freezes;
  }

  /** The PostgreSQL store in use, if it is one (else the state ref). */
  Optional<StoreUrl> postgres() {
    return postgres;
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the store failed: " + e.getMessage(), e);
    }
  }
}
