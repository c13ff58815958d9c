package io.strata.notification.ingest;

/**
 * Deliveries of a message were scheduled: the delivery worker claims them at once instead
 * of at its next poll. Published inside the scheduling transaction; heard after it
 * commits.
 *
 * @param messageId the message whose deliveries wait
 * @param count how many endpoints it goes to
 */
public record DeliveriesScheduled(String messageId, int count) {

}
