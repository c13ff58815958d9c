package io.strata.notification.ingest;

/**
 * Deliveries were scheduled: the delivery worker claims them at once instead of at its
 * next poll. Published inside the scheduling transaction (once per consumed batch, not
 * once per message); heard after it commits.
 *
 * @param messages how many messages the deliveries carry
 * @param count how many deliveries wait
 */
public record DeliveriesScheduled(int messages, int count) {

}
