/**
 * The contract kit for adapter authors: one abstract JUnit 5 suite per port
 * ({@link dev.baton.testkit.PromotionStoreContract},
 * {@link dev.baton.testkit.PipelineStoreContract}, {@link dev.baton.testkit.FreezeStoreContract},
 * {@link dev.baton.testkit.EnvironmentRepositoryContract},
 * {@link dev.baton.testkit.NotifierContract},
 * {@link dev.baton.testkit.DeployPolicyResolverContract}), seeded random histories against a
 * store ({@link dev.baton.testkit.PromotionStoreModelContract}), and helpers for such tests (a
 * controllable clock, race runners, sample promotions). Extend a suite in test scope and return a
 * fresh implementation; each type says whether it is thread-safe.
 */
package dev.baton.testkit;
