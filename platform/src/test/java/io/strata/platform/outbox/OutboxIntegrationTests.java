package io.strata.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.protobuf.Message;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import io.strata.testsupport.KafkaTestConsumer;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.events.EventTopics;
import io.strata.platform.observability.TraceIds;
import io.strata.proto.identity.v1.TenantCreated;
import io.strata.testsupport.LocalStack;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against real PostgreSQL and Kafka: one transaction for state and event,
 * order per aggregate.
 */
@SpringBootTest
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class OutboxIntegrationTests {

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	OutboxProperties properties;

	@Autowired
	EventTopics topics;

	@Autowired
	TraceIds traceIds;

	@Autowired
	Tracer tracer;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Test
	void committedEventIsPublishedAsBinaryCloudEventWithProtobufPayload() throws Exception {
		String topic = "tenants-" + UUID.randomUUID();
		TenantCreated payload = TenantCreated.newBuilder().setTenantId("t-1").setName("Acme").build();
		DomainEvent event = event(topic, "t-1", "identity.tenant_created", "t-1", payload);

		this.transactions.executeWithoutResult((status) -> this.outbox.append(event));

		List<ConsumerRecord<String, byte[]>> records = KafkaTestConsumer.read(this.bootstrap, this.topics.name(topic),
				1, Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		ConsumerRecord<String, byte[]> record = records.get(0);
		assertThat(record.key()).isEqualTo("t-1");
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_type")).isEqualTo("io.strata.identity.tenant_created.v1");
		assertThat(header(record, "ce_tenant")).isEqualTo("t-1");
		assertThat(header(record, "content-type")).isEqualTo("application/protobuf");
		CloudEvent received = CloudEventRecords.fromRecord(record);
		assertThat(received.getId()).isEqualTo(event.id().toString());
		assertThat(TenantCreated.parseFrom(received.getData().toBytes())).isEqualTo(payload);
		assertThat(pendingRows()).isZero();
	}

	@Test
	void rolledBackTransactionPublishesNothing() {
		String topic = "rollback-" + UUID.randomUUID();
		this.transactions.executeWithoutResult((status) -> {
			this.outbox.append(event(topic, "a-1", "test.rolled_back", "t-1", TenantCreated.getDefaultInstance()));
			status.setRollbackOnly();
		});
		this.transactions.executeWithoutResult((status) -> this.outbox
			.append(event(topic, "a-1", "test.committed", "t-1", TenantCreated.getDefaultInstance())));

		List<ConsumerRecord<String, byte[]>> records = KafkaTestConsumer.read(this.bootstrap, this.topics.name(topic),
				2, Duration.ofSeconds(8));
		assertThat(records).extracting((record) -> header(record, "ce_type"))
			.containsExactly("io.strata.test.committed.v1");
	}

	@Test
	void twoRelaysKeepPerAggregateOrderAndPublishEachEventOnce() {
		String topic = "order-" + UUID.randomUUID();
		OutboxRelay secondReplica = new OutboxRelay(this.jdbc, this.transactions, this.kafka, this.properties,
				new SimpleMeterRegistry());
		secondReplica.dispatcher().start();
		try {
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String aggregate = "agg-" + (i % 4);
				String name = aggregate + "#" + i;
				expected.add(name);
				TenantCreated payload = TenantCreated.newBuilder().setName(name).build();
				this.transactions.executeWithoutResult(
						(status) -> this.outbox.append(event(topic, aggregate, "test.ordered", "t-1", payload)));
			}
			List<ConsumerRecord<String, byte[]>> records = KafkaTestConsumer.read(this.bootstrap,
					this.topics.name(topic), 200, Duration.ofSeconds(30));
			List<String> received = records.stream().map(OutboxIntegrationTests::name).toList();
			assertThat(received).hasSize(200).doesNotHaveDuplicates();
			for (int a = 0; a < 4; a++) {
				String prefix = "agg-" + a + "#";
				assertThat(received.stream().filter((n) -> n.startsWith(prefix)).toList()).as("order of %s", prefix)
					.containsExactlyElementsOf(expected.stream().filter((n) -> n.startsWith(prefix)).toList());
			}
		}
		finally {
			secondReplica.dispatcher().stop();
		}
	}

	@Test
	void eventContinuesTheTraceThatWroteIt() {
		String topic = "traced-" + UUID.randomUUID();
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			this.transactions.executeWithoutResult((status) -> this.outbox
				.append(event(topic, "a-1", "test.traced", "t-1", TenantCreated.getDefaultInstance())));
		}
		finally {
			request.end();
		}

		List<ConsumerRecord<String, byte[]>> records = KafkaTestConsumer.read(this.bootstrap, this.topics.name(topic),
				1, Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		assertThat(header(records.get(0), "traceparent")).startsWith("00-" + request.context().traceId() + "-");
	}

	@Test
	void aCommitWakesTheRelayWithoutWaitingForItsPoll() {
		// its own database, so that only this relay (polling every ten minutes) publishes
		DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
				LocalStack.jdbcUrl(LocalStack.createDatabase("outbox-wake")), LocalStack.postgresUser(),
				LocalStack.postgresPassword());
		new ResourceDatabasePopulator(new ClassPathResource("db/platform/V0_1__strata_outbox.sql")).execute(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		Outbox outbox = new Outbox(jdbc, this.topics, this.traceIds, "strata/test");
		OutboxRelay relay = new OutboxRelay(jdbc, transactions, this.kafka,
				new OutboxProperties(true, Duration.ofMinutes(10), 500, Duration.ofSeconds(10)),
				new SimpleMeterRegistry());
		outbox.onCommit(relay::wakeUp);
		String topic = "woken-" + UUID.randomUUID();
		// a probe written without a wake-up: the relay's first poll, at start, publishes
		// it
		Outbox quiet = new Outbox(jdbc, this.topics, this.traceIds, "strata/test");
		transactions.executeWithoutResult(
				(status) -> quiet.append(event(topic, "a-0", "test.probe", "t-1", TenantCreated.getDefaultInstance())));
		relay.dispatcher().start();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject("SELECT count(*) FROM strata_outbox", Integer.class) == 0);
			// the relay now waits for its ten-minute poll: only a wake-up publishes these
			transactions.executeWithoutResult((status) -> outbox
				.appendAll(List.of(event(topic, "a-1", "test.first", "t-1", TenantCreated.getDefaultInstance()),
						event(topic, "a-1", "test.second", "t-1", TenantCreated.getDefaultInstance()))));
			List<ConsumerRecord<String, byte[]>> records = KafkaTestConsumer.read(this.bootstrap,
					this.topics.name(topic), 3, Duration.ofSeconds(8));
			assertThat(records).extracting((record) -> header(record, "ce_type"))
				.containsExactly("io.strata.test.probe.v1", "io.strata.test.first.v1", "io.strata.test.second.v1");
		}
		finally {
			relay.dispatcher().stop();
		}
	}

	private int pendingRows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM strata_outbox", Integer.class);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static String name(ConsumerRecord<String, byte[]> record) {
		try {
			return TenantCreated.parseFrom(CloudEventRecords.fromRecord(record).getData().toBytes()).getName();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An event on the test's own topic, whatever type it names (not one of the
	 * catalog's).
	 */
	private static DomainEvent event(String topic, String aggregateId, String type, String tenantId, Message payload) {
		return new DomainEvent(UUID.randomUUID(), topic, aggregateId, type, 1, tenantId, Instant.now(), payload);
	}

}
