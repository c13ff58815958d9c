package io.strata.platform.work;

import java.time.Instant;

/**
 * An item a worker holds the lease of.
 *
 * @param id the row's id ({@code Long} or {@code String}, as the table's id column)
 * @param attempts attempts made before this claim; also the fencing token: an outcome is
 * written only while the row still has this count, so a worker whose lease ran out and
 * was taken over cannot overwrite the newer worker's result
 * @param key the fairness key (e.g. the webhook endpoint), or null
 * @param visibleAt when the item became due (its wait is the claim time minus this)
 * @param payload what the queue's table definition selects with the item
 * @param <T> the payload type
 */
public record Claim<T>(Object id, int attempts, String key, Instant visibleAt, T payload) {

}
