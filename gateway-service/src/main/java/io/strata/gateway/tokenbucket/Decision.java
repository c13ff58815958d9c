package io.strata.gateway.tokenbucket;

/**
 * One rate-limit decision.
 *
 * @param allowed whether the request may pass
 * @param remaining tokens left after it
 * @param retryAfterMillis when a rejected request may be retried
 * @param resetMillis when the bucket is full again
 */
public record Decision(boolean allowed, long remaining, long retryAfterMillis, long resetMillis) {

}
