package dev.baton;

import dev.baton.model.Promotion;

/**
 * A promotion waiting for someone's approval, as their inbox lists it. Immutable.
 *
 * <p>A snapshot taken by {@link Promotions#inbox}: the promotion may have moved on since.
 *
 * @param promotion the promotion, with its change summary ({@link Promotion#changes()})
 * @param approvalsMissing how many more approvals its quorum needs
 * @since 0.1
 */
public record InboxItem(Promotion promotion, int approvalsMissing) {}
