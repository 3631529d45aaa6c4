package dev.baton;

import dev.baton.model.Promotion;

/**
 * A promotion waiting for someone's approval, as their inbox lists it. Immutable.
 *
 * @param promotion the promotion, with its change summary ({@link Promotion#changes()})
 * @param approvalsMissing how many more approvals its quorum needs
 */
public record InboxItem(Promotion promotion, int approvalsMissing) {}
