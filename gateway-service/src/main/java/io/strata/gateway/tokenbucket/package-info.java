/**
 * Token-bucket arithmetic shared by the edge's throttles: the rate limit's plans and
 * decisions, and in-memory buckets (the rate limit's fallback while Redis is unreachable,
 * and the per-address count of bad credentials). Depends on no other gateway package.
 */
package io.strata.gateway.tokenbucket;
