package io.strata.gateway.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Idempotency keys (draft-ietf-httpapi-idempotency-key-header).
 *
 * @param retention how long a completed answer is replayed
 * @param inFlightTimeout how long a key stays locked by a request that never completes (a
 * gateway instance that died mid-request)
 * @param maxStoredBody larger answers are not stored (the key is released instead)
 * @param maxRequestBody larger request bodies with a key are refused (413): the body is
 * read whole for its fingerprint
 * @param redisTimeout how long a request may wait for the store before it is refused
 * (503) or, once the service has answered, the answer goes out unrecorded
 */
@ConfigurationProperties("strata.gateway.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration retention,
		@DefaultValue("60s") Duration inFlightTimeout, @DefaultValue("1048576") int maxStoredBody,
		@DefaultValue("1s") Duration redisTimeout, @DefaultValue("1MB") DataSize maxRequestBody) {

}
