/**
 * The ports of Baton: the small interfaces an embedding platform or an adapter author implements
 * to give the engine storage ({@link dev.baton.spi.PromotionStore},
 * {@link dev.baton.spi.PipelineStore}, {@link dev.baton.spi.FreezeStore}), environment state and
 * Git writes ({@link dev.baton.spi.EnvironmentRepository}), side effects (deployer, notifier,
 * commit status, pull requests) and decisions (authorizer, feature gate, deploy policy, ids).
 *
 * <p>A port offers narrow primitives and decides nothing: the rules stay in {@code baton-core}.
 * Every port has an in-memory default in core, and the stateful ones a contract suite in
 * {@code baton-testkit}. Each interface says what it guarantees about thread-safety.
 */
package dev.baton.spi;
