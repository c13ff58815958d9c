package io.strata.notification.grpc;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.notification.stream.StreamCursor;
import io.strata.notification.stream.StreamProperties;
import io.strata.notification.stream.TenantEventLog;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.EventScopes;
import io.strata.proto.notification.v1.NotificationServiceGrpc;
import io.strata.proto.notification.v1.StreamEventsRequest;
import io.strata.proto.notification.v1.StreamedEvent;

import org.springframework.stereotype.Service;

/**
 * {@code NotificationService/StreamEvents}: the tenant's events as the SSE stream sends
 * them (the same log, {@link TenantEventLog}, and the same event → scope table,
 * {@link EventScopes}), for the gateway's GraphQL subscriptions. Each call polls on its
 * own virtual thread until the caller cancels it. The request names the tenant, which
 * must be the token's.
 */
@Service
class EventStreamGrpcService extends NotificationServiceGrpc.NotificationServiceImplBase {

	private static final Logger log = LoggerFactory.getLogger(EventStreamGrpcService.class);

	private final TenantEventLog events;

	private final StreamProperties properties;

	EventStreamGrpcService(TenantEventLog events, StreamProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@Override
	public void streamEvents(StreamEventsRequest request, StreamObserver<StreamedEvent> responses) {
		String tenant = request.getTenantId();
		Optional<Caller> caller = Caller.authenticated().filter((authenticated) -> authenticated.owns(tenant));
		if (caller.isEmpty()) {
			responses.onError(Status.PERMISSION_DENIED.withDescription("not the caller's tenant").asRuntimeException());
			return;
		}
		Set<String> scopes = caller.get().scopes();
		StreamCursor start;
		try {
			start = request.getAfter().isEmpty() ? this.events.latest(tenant) : StreamCursor.parse(request.getAfter());
		}
		catch (ProblemException ex) {
			responses.onError(Status.INVALID_ARGUMENT.withDescription("after is not a cursor of this stream")
				.asRuntimeException());
			return;
		}
		ServerCallStreamObserver<StreamedEvent> call = (ServerCallStreamObserver<StreamedEvent>) responses;
		List<String> types = request.getTypesList();
		Thread.ofVirtual().name("grpc-events-" + tenant).start(() -> push(tenant, scopes, types, start, call));
	}

	private void push(String tenant, Set<String> scopes, List<String> types, StreamCursor start,
			ServerCallStreamObserver<StreamedEvent> call) {
		StreamCursor cursor = start;
		try {
			while (!call.isCancelled()) {
				List<TenantEventLog.Event> batch = this.events.after(tenant, cursor);
				for (TenantEventLog.Event event : batch) {
					if (matches(event.type(), types) && EventScopes.mayRead(event.type(), scopes)) {
						call.onNext(StreamedEvent.newBuilder()
							.setCursor(event.cursor().toString())
							.setType(event.type())
							.setBodyJson(event.body())
							.build());
					}
					cursor = event.cursor();
				}
				if (batch.isEmpty()) {
					Thread.sleep(this.properties.pollInterval().toMillis());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			if (!call.isCancelled()) {
				log.warn("Event stream of tenant {} failed: {}", tenant, ex.toString());
				call.onError(Status.UNAVAILABLE.withDescription("The event stream failed; resume with after.")
					.asRuntimeException());
			}
		}
	}

	/** Exact types and family prefixes ({@code resource.*}); none matches everything. */
	static boolean matches(String type, List<String> patterns) {
		if (patterns.isEmpty()) {
			return true;
		}
		for (String pattern : patterns) {
			if (pattern.equals(type) || "*".equals(pattern)
					|| (pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
				return true;
			}
		}
		return false;
	}

}
