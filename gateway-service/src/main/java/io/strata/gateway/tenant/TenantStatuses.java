package io.strata.gateway.tenant;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.strata.gateway.grpc.GrpcMono;
import io.strata.proto.identity.v1.GetTenantStatusRequest;
import io.strata.proto.identity.v1.GetTenantStatusResponse;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.TenantStatus;

/**
 * Identity's answer to {@code GetTenantStatus}, per tenant, never older than
 * {@code maxStaleness} while identity answers. Busy tenants are refreshed in the
 * background (refresh after half that time), so their requests never wait; a request
 * whose tenant's answer is older (an idle tenant) waits for a fresh one.
 * <p>
 * When identity does not answer, the last known status stays (and is asked again one
 * {@code maxStaleness} later): a tenant suspended before the outage stays refused, an
 * active one keeps working. With no status known at all the request passes: the caller's
 * token is valid (signature, expiry) and lives at most minutes, and refusing every tenant
 * whenever identity is briefly down would turn an identity outage into a platform outage.
 * A tenant identity does not know (tokens of another environment, test tenants) passes
 * for the same reason; deleted tenants are known, as deleted.
 */
class TenantStatuses {

	private static final Logger log = LoggerFactory.getLogger(TenantStatuses.class);

	private final IdentityServiceGrpc.IdentityServiceStub identity;

	private final Duration deadline;

	private final Duration maxStaleness;

	private final AsyncLoadingCache<String, Known> cache;

	TenantStatuses(ManagedChannel identityChannel, Duration deadline, TenantStatusProperties properties) {
		this.identity = IdentityServiceGrpc.newStub(identityChannel);
		this.deadline = deadline;
		this.maxStaleness = properties.maxStaleness();
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.refreshAfterWrite(this.maxStaleness.dividedBy(2))
			.buildAsync(new AsyncCacheLoader<>() {

				@Override
				public CompletableFuture<Known> asyncLoad(String tenantId, Executor executor) {
					return fetch(tenantId).toFuture();
				}

				@Override
				public CompletableFuture<Known> asyncReload(String tenantId, Known last, Executor executor) {
					return fetch(tenantId).onErrorResume((ex) -> {
						log.warn("Identity did not tell tenant {}'s status ({}); keeping the last known: {}", tenantId,
								Status.fromThrowable(ex).getCode(), last.status());
						return Mono.just(new Known(last.status(), System.nanoTime()));
					}).toFuture();
				}

			});
	}

	/**
	 * The tenant's status as identity last told it; {@code UNSPECIFIED} when none is
	 * known (see the class comment).
	 */
	Mono<TenantStatus> status(String tenantId) {
		return Mono.fromFuture(() -> this.cache.get(tenantId), true)
			.flatMap((known) -> (System.nanoTime() - known.fetchedAt() > this.maxStaleness.toNanos())
					? Mono.fromFuture(() -> this.cache.synchronous().refresh(tenantId), true) : Mono.just(known))
			.map(Known::status)
			.onErrorResume((ex) -> {
				log.warn("Identity did not tell tenant {}'s status and none is known ({}); letting the request pass",
						tenantId, Status.fromThrowable(ex).getCode());
				return Mono.just(TenantStatus.TENANT_STATUS_UNSPECIFIED);
			});
	}

	private Mono<Known> fetch(String tenantId) {
		GetTenantStatusRequest request = GetTenantStatusRequest.newBuilder().setTenantId(tenantId).build();
		return GrpcMono
			.<GetTenantStatusResponse>unary(
					(observer) -> this.identity.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
						.getTenantStatus(request, observer))
			.map(GetTenantStatusResponse::getStatus)
			.onErrorResume(StatusRuntimeException.class,
					(ex) -> (ex.getStatus().getCode() == Status.Code.NOT_FOUND)
							? Mono.just(TenantStatus.TENANT_STATUS_UNSPECIFIED) : Mono.error(ex))
			.map((status) -> new Known(status, System.nanoTime()));
	}

	/** A status and when identity told it ({@link System#nanoTime}). */
	private record Known(TenantStatus status, long fetchedAt) {

	}

}
