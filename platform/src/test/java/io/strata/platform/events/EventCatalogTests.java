package io.strata.platform.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.strata.proto.identity.v1.TenantDeleted;
import io.strata.proto.resource.v1.ResourceCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The event catalog read from shared-proto's declarations: every event names a known
 * topic and a type of its domain, payloads round-trip through it, and the committed
 * catalog page is what the declarations say (regenerate it with
 * {@code ./mvnw -pl platform -am test -Dtest=EventCatalogTests -Dstrata.events.write=true}).
 */
class EventCatalogTests {

	private static final Path PAGE = Path.of("..", "api", "events.md");

	private static final Set<String> TOPICS = Set.of(EventTopics.IDENTITY, EventTopics.RESOURCE, EventTopics.WORKFLOW,
			EventTopics.ML, EventTopics.NOTIFICATION, EventTopics.TENANT_ERASURES);

	@Test
	void everyDeclarationNamesAKnownTopicAndATypeOfItsDomain() {
		assertThat(EventCatalog.all()).hasSizeGreaterThanOrEqualTo(20);
		for (EventCatalog.Entry entry : EventCatalog.all()) {
			assertThat(TOPICS).as(entry.type()).contains(entry.topic());
			String domain = entry.topic().equals(EventTopics.TENANT_ERASURES) ? "platform"
					: entry.topic().substring(0, entry.topic().indexOf('.'));
			assertThat(entry.type()).as(entry.descriptor().getFullName()).startsWith(domain + ".");
			assertThat(entry.cloudEventType()).isEqualTo("io.strata." + entry.type() + ".v" + entry.version());
			assertThat(entry.key()).isNotBlank();
			assertThat(entry.description()).isNotBlank();
		}
	}

	@Test
	void aPayloadNamesItsEventAndComesBackTyped() {
		ResourceCreated created = ResourceCreated.newBuilder()
			.setResource(io.strata.proto.resource.v1.Resource.newBuilder().setId("r-1").setTenantId("t-1"))
			.build();
		DomainEvent event = DomainEvent.of("r-1", "t-1", created);
		assertThat(event.topic()).isEqualTo(EventTopics.RESOURCE);
		assertThat(event.cloudEventType()).isEqualTo("io.strata.resource.created.v1");

		var cloudEvent = CloudEventRecords.event(event.id(), event.cloudEventType(), "test", "r-1", "t-1",
				event.occurredAt(), created.toByteArray());
		assertThat(EventCatalog.payload(cloudEvent)).contains(created);
		var unknown = CloudEventRecords.event(event.id(), "io.strata.nobody.knows.v1", "test", "r-1", "t-1",
				event.occurredAt(), new byte[] { 1 });
		assertThat(EventCatalog.payload(unknown)).isEmpty();
		var poison = CloudEventRecords.event(event.id(), EventCatalog.of(TenantDeleted.class).cloudEventType(), "test",
				"t-1", "t-1", event.occurredAt(), new byte[] { 0x0a, 0x7f });
		assertThatIllegalArgumentException().isThrownBy(() -> EventCatalog.payload(poison));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventCatalog.of(io.strata.proto.resource.v1.Resource.class));
	}

	@Test
	void theCommittedPageIsTheCatalog() throws IOException {
		String page = EventCatalogPage.render();
		if (Boolean.getBoolean("strata.events.write")) {
			Files.writeString(PAGE, page, StandardCharsets.UTF_8);
		}
		assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
			.as("api/events.md is stale: regenerate it with -Dstrata.events.write=true (see this class)")
			.isEqualTo(page);
	}

}
