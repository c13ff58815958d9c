package io.strata.notification.grpc;

import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.platform.events.EventTopics;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.identity.v1.User;
import io.strata.proto.identity.v1.UserCreated;
import io.strata.proto.notification.v1.NotificationServiceGrpc;
import io.strata.proto.notification.v1.StreamEventsRequest;
import io.strata.proto.notification.v1.StreamedEvent;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code NotificationService/StreamEvents} over real gRPC with real JWTs, fed by events
 * published to Kafka: the caller's tenant only, only what its scopes may read (the event
 * → scope table the SSE stream uses), only the types asked for, resumable by cursor.
 */
class EventStreamGrpcIntegrationTests extends NotificationIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	void streamsTheTenantsReadableEventsOfTheAskedTypesAndResumesAfterACursor() throws Exception {
		String tenant = newTenant();
		String other = newTenant();
		Events reader = open(tenant, StreamEventsRequest.newBuilder().setTenantId(tenant).addTypes("resource.*"),
				RouteScopes.RESOURCES_READ);
		Events admin = open(tenant, StreamEventsRequest.newBuilder().setTenantId(tenant), ADMIN_SCOPES);
		Thread.sleep(500);
		publishResourceCreated(other, "res-foreign");
		publish(EventTopics.IDENTITY, UUID.randomUUID(), "io.strata.identity.user.created.v1", tenant, "usr-1",
				UserCreated.newBuilder()
					.setUser(User.newBuilder().setId("usr-1").setTenantId(tenant).setEmail("ada@example.com"))
					.build());
		publishResourceCreated(tenant, "res-g1");
		publishResourceCreated(tenant, "res-g2");

		StreamedEvent first = reader.next();
		StreamedEvent second = reader.next();
		assertThat(first.getType()).isEqualTo("resource.created");
		assertThat(first.getBodyJson() + second.getBodyJson()).contains("res-g1")
			.contains("res-g2")
			.doesNotContain("res-foreign")
			.doesNotContain("ada@example.com");
		// the topics are not ordered among themselves: the admin gets all three, in some
		// order
		assertThat(List.of(admin.next(), admin.next(), admin.next())).extracting(StreamedEvent::getType)
			.containsExactlyInAnyOrder("identity.user.created", "resource.created", "resource.created");
		reader.cancel();
		admin.cancel();

		Events resumed = open(tenant,
				StreamEventsRequest.newBuilder().setTenantId(tenant).addTypes("resource.*").setAfter(first.getCursor()),
				RouteScopes.RESOURCES_READ);
		assertThat(resumed.next().getBodyJson()).isEqualTo(second.getBodyJson());
		resumed.cancel();
	}

	@Test
	void refusesAnotherTenantABadCursorAndNoToken() {
		String tenant = newTenant();
		var stub = NotificationServiceGrpc.newBlockingStub(this.grpc.channel());
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.withCallCredentials(token(newTenant(), RouteScopes.RESOURCES_READ))
				.streamEvents(StreamEventsRequest.newBuilder().setTenantId(tenant).build())
				.hasNext())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.withCallCredentials(token(tenant, RouteScopes.RESOURCES_READ))
				.streamEvents(StreamEventsRequest.newBuilder().setTenantId(tenant).setAfter("garbage").build())
				.hasNext())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		Iterator<StreamedEvent> anonymous = stub
			.streamEvents(StreamEventsRequest.newBuilder().setTenantId(tenant).build());
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(anonymous::hasNext)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	private Events open(String tenant, StreamEventsRequest.Builder request, String... scopes) {
		Events events = new Events();
		io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
		events.context = context;
		context.run(() -> NotificationServiceGrpc.newStub(this.grpc.channel())
			.withCallCredentials(token(tenant, scopes))
			.streamEvents(request.build(), events));
		return events;
	}

	private static CallCredentials token(String tenant, String... scopes) {
		String token = tokens.token(tenant, scopes);
		return GrpcTestChannel.bearer(token);
	}

	/** A stream's events as they arrive. */
	static final class Events implements StreamObserver<StreamedEvent> {

		private final BlockingQueue<StreamedEvent> received = new LinkedBlockingQueue<>();

		private io.grpc.Context.CancellableContext context;

		StreamedEvent next() throws InterruptedException {
			StreamedEvent event = this.received.poll(20, TimeUnit.SECONDS);
			assertThat(event).as("an event within 20 s").isNotNull();
			return event;
		}

		void cancel() {
			this.context.cancel(null);
		}

		@Override
		public void onNext(StreamedEvent value) {
			this.received.add(value);
		}

		@Override
		public void onError(Throwable t) {
		}

		@Override
		public void onCompleted() {
		}

	}

}
