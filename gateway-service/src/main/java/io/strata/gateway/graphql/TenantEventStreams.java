package io.strata.gateway.graphql;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

import io.strata.platform.security.EventScopes;
import io.strata.proto.notification.v1.StreamedEvent;

/**
 * The event streams behind subscriptions, shared: one {@code StreamEvents} call per
 * tenant (and per set of event families its subscribers may read) on this gateway
 * instance, however many subscriptions the tenant has open, rather than one call, and one
 * PostgreSQL poll in notification, per subscription. Each subscription takes the shared
 * stream's events filtered by its own pattern and scopes (the platform's
 * {@link EventScopes}, as notification filters). The call opens with the first subscriber
 * and closes when the last one leaves; it reopens (after an error, say) with the
 * credential of the subscriber who joined last, the freshest. Notification checks that
 * credential (tenant and scopes) when the call opens; every subscriber's own credential
 * was checked at {@code connection_init}, and its socket closes when it expires
 * ({@link SubscriptionAuthentication}). A subscriber that falls more than
 * {@code bufferSize} events behind fails alone instead of holding the others back.
 */
final class TenantEventStreams {

	/** The families subscriptions carry. */
	static final List<String> FAMILIES = List.of(SubscriptionAuthentication.RESOURCE_EVENTS,
			SubscriptionAuthentication.OPERATION_EVENTS);

	private final DomainServices services;

	private final int bufferSize;

	private final Map<Key, Shared> streams = new ConcurrentHashMap<>();

	TenantEventStreams(DomainServices services, int bufferSize) {
		this.services = services;
		this.bufferSize = bufferSize;
	}

	/** The tenant's events of this pattern ({@code resource.*}) the caller may read. */
	Flux<StreamedEvent> events(GraphQlCaller caller, String pattern) {
		Set<String> readable = FAMILIES.stream()
			.filter((family) -> EventScopes.maySubscribe(family, caller.caller().scopes()))
			.collect(Collectors.toUnmodifiableSet());
		if (readable.isEmpty()) {
			return Flux.never();
		}
		Key key = new Key(caller.tenantId(), readable);
		Set<String> scopes = caller.caller().scopes();
		return Flux
			.defer(() -> this.streams.compute(key,
					(k, shared) -> (shared != null) ? shared.joinedBy(caller) : new Shared(k, caller)).events)
			.filter((event) -> matches(event.getType(), pattern) && EventScopes.mayRead(event.getType(), scopes))
			.onBackpressureBuffer(this.bufferSize, BufferOverflowStrategy.ERROR);
	}

	/** Calls open now. */
	int openStreams() {
		return this.streams.size();
	}

	/** An exact type or a family prefix ({@code resource.*}). */
	static boolean matches(String type, String pattern) {
		return pattern.equals(type)
				|| (pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1)));
	}

	/**
	 * What one call serves: a tenant's events of these families.
	 *
	 * @param tenant the tenant
	 * @param families the families the subscribers may read
	 */
	private record Key(String tenant, Set<String> families) {

	}

	private final class Shared {

		private final AtomicReference<GraphQlCaller> latest;

		private final Flux<StreamedEvent> events;

		Shared(Key key, GraphQlCaller first) {
			this.latest = new AtomicReference<>(first);
			this.events = Flux
				.defer(() -> TenantEventStreams.this.services.streamEvents(this.latest.get(),
						List.copyOf(key.families())))
				.doFinally((signal) -> TenantEventStreams.this.streams.remove(key, this))
				.publish()
				.refCount(1);
		}

		Shared joinedBy(GraphQlCaller caller) {
			this.latest.set(caller);
			return this;
		}

	}

}
