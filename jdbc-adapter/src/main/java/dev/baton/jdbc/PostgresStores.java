package dev.baton.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of the PostgreSQL store: opens Baton's tables in one schema of a PostgreSQL
 * (14 or later) database, migrating them with Flyway first, and hands out the three stores to
 * pass to {@code Baton.builder()}. Every engine instance that opens the same schema shares the
 * same promotions, pipelines and freezes, and the stores' compare-and-sets are atomic across
 * them.
 *
 * <pre>{@code
 * try (PostgresStores stores = PostgresStores.on(dataSource).open()) {
 *   Baton baton = Baton.builder()
 *       .promotionStore(stores.promotions())
 *       .pipelineStore(stores.pipelines())
 *       .freezeStore(stores.freezes())
 *       ...
 *       .build();
 * }
 * }</pre>
 *
 * <p>Opened {@linkplain #on(DataSource) on a data source} the caller owns (a HikariCP pool, say),
 * closing leaves the data source open; opened by {@link #connect(String, String, String)}, it owns
 * a HikariCP pool and closes it. The schema's migrations are recorded in its
 * {@code baton_schema_history} table; opening again, from any number of instances, is a no-op
 * once they are applied. Thread-safe.
 *
 * @since 0.1
 */
public final class PostgresStores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStores.class);
  /** Where the migrations live on the class path. */
  static final String MIGRATIONS = "classpath:db/migration/baton";
  /**
   * Flyway's history table in the store's schema.
   *
   * @since 0.1
   */
  public static final String SCHEMA_HISTORY_TABLE = "baton_schema_history";

  private final Optional<HikariDataSource> ownedPool;
  private final PostgresPromotionStore promotions;
  private final PostgresPipelineStore pipelines;
  private final PostgresFreezeStore freezes;

  private PostgresStores(Database db, Optional<HikariDataSource> ownedPool) {
    this.ownedPool = ownedPool;
    this.promotions = new PostgresPromotionStore(db);
    this.pipelines = new PostgresPipelineStore(db);
    this.freezes = new PostgresFreezeStore(db);
  }

  /**
   * Starts opening the store on a data source the caller owns and closes.
   *
   * @param dataSource connections to the database, ideally pooled
   * @return the options, then {@link Opener#open()}
   * @since 0.1
   */
  public static Opener on(DataSource dataSource) {
    return new Opener(Arguments.notNull(dataSource, "data source"), Optional.empty());
  }

  /**
   * Starts opening the store on a new HikariCP pool to {@code jdbcUrl}, closed with the store.
   *
   * @param jdbcUrl a PostgreSQL JDBC URL, such as {@code jdbc:postgresql://db:5432/baton}
   * @param user the database user
   * @param password the user's password
   * @return the options, then {@link Opener#open()}
   * @since 0.1
   */
  public static Opener connect(String jdbcUrl, String user, String password) {
    Arguments.notNull(jdbcUrl, "JDBC URL");
    Arguments.notNull(user, "user");
    Arguments.notNull(password, "password");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName("baton");
    return new Opener(null, Optional.of(config));
  }

  /**
   * The promotion store.
   *
   * @return the store, shared by every caller of this method
   * @since 0.1
   */
  public PromotionStore promotions() {
    return promotions;
  }

  /**
   * The pipeline store.
   *
   * @return the store, shared by every caller of this method
   * @since 0.1
   */
  public PipelineStore pipelines() {
    return pipelines;
  }

  /**
   * The freeze store.
   *
   * @return the store, shared by every caller of this method
   * @since 0.1
   */
  public FreezeStore freezes() {
    return freezes;
  }

  /**
   * Deletes the delivered notifications whose delete waits (see
   * {@link PostgresPromotionStore#markDelivered}), then closes the pool this store opened, if it
   * opened one; a data source passed to {@link #on(DataSource)} stays open. The stores fail with
   * {@code BACKEND_FAILURE} afterwards.
   *
   * @since 0.1
   */
  @Override
  public void close() {
    promotions.close();
    ownedPool.ifPresent(HikariDataSource::close);
  }

  /**
   * The options of opening a store: the schema, then {@link #open()}. Not thread-safe; use it
   * once.
   *
   * @since 0.1
   */
  public static final class Opener {
    private final DataSource dataSource;
    private final Optional<HikariConfig> poolConfig;
    private String schema = "public";

    private Opener(DataSource dataSource, Optional<HikariConfig> poolConfig) {
      this.dataSource = dataSource;
      this.poolConfig = poolConfig;
    }

    /**
     * The schema that holds Baton's tables; {@code public} unless set. Flyway creates it when it
     * does not exist.
     *
     * @param name a PostgreSQL schema name, 1 to 63 characters
     * @return this
     * @since 0.1
     */
    public Opener schema(String name) {
      Arguments.notNull(name, "schema");
      if (name.isEmpty() || name.length() > 63 || name.indexOf('\0') >= 0) {
        throw Arguments.invalid("a schema name has 1 to 63 characters, was '" + name + "'");
      }
      schema = name;
      return this;
    }

    /**
     * The most connections the pool that {@link PostgresStores#connect} opens keeps (HikariCP's
     * default is 10); a short-lived process that runs one call at a time needs two. Flyway's
     * migration holds two connections at once (one locks the schema history), so the least is
     * two.
     *
     * @param connections 2 or more
     * @return this
     * @throws BatonException {@code INVALID_ARGUMENT} when below 2, or when the store was opened
     *     {@linkplain PostgresStores#on(DataSource) on a data source} the caller sizes
     * @since 0.1
     */
    public Opener poolSize(int connections) {
      if (connections < 2) {
        throw Arguments.invalid("the pool needs 2 or more connections (the migration holds two),"
            + " was " + connections);
      }
      HikariConfig config = poolConfig.orElseThrow(() -> Arguments.invalid("the pool size is"
          + " the caller's to set on a data source passed to PostgresStores.on"));
      config.setMaximumPoolSize(connections);
      return this;
    }

    /**
     * Migrates the schema to the latest version and opens the stores.
     *
     * @return the open stores
     * @throws BatonException {@code BACKEND_FAILURE} when the database cannot be reached or the
     *     migration fails
     * @since 0.1
     */
    public PostgresStores open() {
      Optional<HikariDataSource> pool = poolConfig.map(Opener::pool);
      DataSource source = pool.<DataSource>map(p -> p).orElse(dataSource);
      try {
        migrate(source, schema);
        return new PostgresStores(new Database(source, schema), pool);
      } catch (RuntimeException e) {
        pool.ifPresent(HikariDataSource::close);
        throw e;
      }
    }

    private static HikariDataSource pool(HikariConfig config) {
      try {
        return new HikariDataSource(config);
      } catch (RuntimeException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "PostgreSQL store: cannot connect to " + redacted(config.getJdbcUrl()) + ": "
            + redacted(e.getMessage()), e);
      }
    }

    /** The text with the value of any {@code password=} URL parameter hidden. */
    private static String redacted(String text) {
      return text == null ? null : text.replaceAll("(?i)(password=)[^&\\s]*", "$1***");
    }

    private static void migrate(DataSource source, String schema) {
      try {
        var result = Flyway.configure(PostgresStores.class.getClassLoader())
            .dataSource(source)
            .schemas(schema)
            .table(SCHEMA_HISTORY_TABLE)
            .locations(MIGRATIONS)
            // a schema that already holds other tables (public, often) gets Baton's beside them
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
        if (result.migrationsExecuted > 0) {
          LOG.info("PostgreSQL store: schema {} migrated to version {}", schema,
              result.targetSchemaVersion);
        }
      } catch (FlywayException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "PostgreSQL store: cannot migrate schema " + schema + ": " + e.getMessage(), e);
      }
    }
  }
}
