/**
 * A PostgreSQL store for Baton, so that several engine instances (in one process or many) share
 * promotions, pipelines and freezes: {@link dev.baton.jdbc.PostgresStores} opens it over a
 * {@link javax.sql.DataSource}, migrates its schema with Flyway, and hands out the
 * {@link dev.baton.spi.PromotionStore}, {@link dev.baton.spi.PipelineStore} and
 * {@link dev.baton.spi.FreezeStore} to pass to {@code Baton.builder()}.
 *
 * <p>Every compare-and-set is one SQL transaction, so the stores are atomic across processes;
 * they pass the contract suites of {@code baton-testkit} on PostgreSQL 14 and later.
 */
package dev.baton.jdbc;
