package io.strata.notification.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.platform.events.EventTopics;
import io.strata.proto.identity.v1.User;
import io.strata.proto.identity.v1.UserCreated;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live stream over a real HTTP connection: a tenant's events arrive as server-sent
 * events, another tenant's do not, and a reconnect with Last-Event-ID resumes right after
 * the last event seen.
 */
class NotificationStreamIntegrationTests extends NotificationIntegrationTest {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void streamsTheTenantsEventsAndResumesAfterLastEventId() throws Exception {
		String tenant = newTenant();
		String other = newTenant();
		try (Sse stream = open(tenant, null)) {
			Thread.sleep(500);
			publishResourceCreated(other, "res-other");
			publishResourceCreated(tenant, "res-s1");
			publishResourceCreated(tenant, "res-s2");
			publishResourceCreated(tenant, "res-s3");

			Event first = stream.next();
			Event second = stream.next();
			Event third = stream.next();
			assertThat(List.of(first, second, third)).extracting(Event::name).containsOnly("resource.created");
			// the events are keyed by resource, so Kafka orders them per resource, not
			// across
			// resources: the stream carries all three in the order it recorded them
			assertThat(List.of(first, second, third)).extracting(NotificationStreamIntegrationTests::resourceId)
				.containsExactlyInAnyOrder("res-s1", "res-s2", "res-s3");

			try (Sse resumed = open(tenant, first.id())) {
				assertThat(resourceId(resumed.next())).isEqualTo(resourceId(second));
				assertThat(resourceId(resumed.next())).isEqualTo(resourceId(third));
			}
		}
		this.client.get()
			.uri("/v2/notifications/stream")
			.header("Last-Event-ID", "garbage")
			.header("Authorization", bearer(tenant))
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.get().uri("/v2/notifications/stream").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void eventsAboutPeopleReachOnlyIdentityAdmins() throws Exception {
		String tenant = newTenant();
		try (Sse reader = open(tenant, null, "resources.read"); Sse admin = open(tenant, null, ADMIN_SCOPES)) {
			Thread.sleep(500);
			publish(EventTopics.IDENTITY, UUID.randomUUID(), "io.strata.identity.user.created.v1", tenant, "usr-1",
					UserCreated.newBuilder()
						.setUser(User.newBuilder().setId("usr-1").setTenantId(tenant).setEmail("ada@example.com"))
						.build());
			publishResourceCreated(tenant, "res-after");

			assertThat(admin.next().name()).isEqualTo("identity.user.created");
			assertThat(resourceId(admin.next())).isEqualTo("res-after");
			// the resource reader's first event is the resource: the user's e-mail never
			// came
			Event first = reader.next();
			assertThat(first.name()).isEqualTo("resource.created");
			assertThat(first.data()).doesNotContain("ada@example.com");
		}
	}

	private static String resourceId(Event event) {
		Matcher id = Pattern.compile("\"id\":\"(res-[^\"]+)\"").matcher(event.data());
		return id.find() ? id.group(1) : event.data();
	}

	private Sse open(String tenant, String lastEventId) throws Exception {
		return open(tenant, lastEventId, ADMIN_SCOPES);
	}

	private Sse open(String tenant, String lastEventId, String... scopes) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v2/notifications/stream"))
			.header("Authorization", bearer(tenant, scopes))
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		HttpResponse<Stream<String>> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		return new Sse(response.body());
	}

	record Event(String id, String name, String data) {
	}

	/** Parses the event stream on a virtual thread into a queue of events. */
	static final class Sse implements AutoCloseable {

		private final Stream<String> lines;

		private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

		Sse(Stream<String> lines) {
			this.lines = lines;
			Thread.ofVirtual().start(() -> {
				String id = null;
				String name = null;
				List<String> data = new ArrayList<>();
				try {
					Iterator<String> iterator = lines.iterator();
					while (iterator.hasNext()) {
						String line = iterator.next();
						if (line.isEmpty()) {
							if (!data.isEmpty()) {
								this.events.add(new Event(id, name, String.join("\n", data)));
							}
							id = null;
							name = null;
							data.clear();
						}
						else if (line.startsWith("id:")) {
							id = line.substring(3).trim();
						}
						else if (line.startsWith("event:")) {
							name = line.substring(6).trim();
						}
						else if (line.startsWith("data:")) {
							data.add(line.substring(5));
						}
					}
				}
				catch (RuntimeException ex) {
					// closed by the test
				}
			});
		}

		Event next() throws InterruptedException {
			Event event = this.events.poll(30, TimeUnit.SECONDS);
			assertThat(event).as("an event within 30 s").isNotNull();
			return event;
		}

		@Override
		public void close() {
			this.lines.close();
		}

	}

}
