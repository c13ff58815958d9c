package io.strata.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationApplication;
import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestReceiver.Received;
import io.strata.notification.support.TestReceiver.Reply;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second, real notification-service instance in this JVM (same database, same Kafka
 * topics and consumer group) claims deliveries to a receiver that holds the requests
 * open, and is then killed: its database connections vanish before it can record an
 * outcome or release a claim, as when the process is killed. The surviving instance must
 * deliver every message once the dead instance's leases run out.
 */
class KilledInstanceIntegrationTests extends NotificationIntegrationTest {

	private static final int EVENTS = 10;

	@Autowired
	DeliveryWorker survivorWorker;

	@Autowired
	Environment environment;

	@Test
	void aKilledInstanceLosesNoDelivery() throws Exception {
		String tenant = newTenant();
		String path = newPath();
		CountDownLatch killed = new CountDownLatch(1);
		AtomicBoolean holding = new AtomicBoolean(true);
		receiver.reply(path, (n) -> {
			if (holding.get()) {
				try {
					killed.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return Reply.ok();
		});
		// only the victim delivers until it is killed
		this.survivorWorker.stop();
		ConfigurableApplicationContext victim = null;
		int heldAtKill;
		try {
			victim = startSecondInstance();
			registerOnReceiver(tenant, path, List.of("resource.*"));
			for (int i = 0; i < EVENTS; i++) {
				publishResourceCreated(tenant, "res-kill-" + i);
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> deliveries(tenant) == EVENTS && receiver.received(path).size() >= 4);
			heldAtKill = receiver.received(path).size();

			// kill: the victim loses its database mid-delivery, then answers arrive
			// that it can no longer record, and its claims are never released
			((HikariDataSource) victim.getBean(javax.sql.DataSource.class)).close();
			holding.set(false);
			killed.countDown();
			victim.close();
			victim = null;
			assertThat(delivered(tenant)).isZero();
		}
		finally {
			holding.set(false);
			killed.countDown();
			if (victim != null) {
				victim.close();
			}
			this.survivorWorker.start();
		}

		await().atMost(Duration.ofSeconds(40))
			.until(() -> delivered(tenant) == EVENTS && distinctIds(path).size() == EVENTS);
		List<Received> got = receiver.received(path);
		assertThat(got).allMatch(Received::signatureValid);
		int duplicates = got.size() - EVENTS;
		System.out.printf("killed instance: %d messages, %d requests received, %d duplicate webhook-ids%n", EVENTS,
				got.size(), duplicates);
		// only what the victim had in flight can arrive twice
		assertThat(duplicates).isBetween(0, heldAtKill);
	}

	private ConfigurableApplicationContext startSecondInstance() {
		List<String> args = new ArrayList<>();
		for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"spring.kafka.bootstrap-servers", "strata.kafka.topic-prefix", "strata.security.jwks-uri",
				"strata.security.issuer", "strata.outbound.allow", "strata.notification.delivery.schedule",
				"strata.notification.delivery.jitter", "strata.kafka.retry.attempts",
				"strata.kafka.retry.initial-interval")) {
			args.add("--" + name + "=" + this.environment.getRequiredProperty(name));
		}
		args.addAll(
				List.of("--server.port=0", "--spring.grpc.server.port=0", "--strata.notification.delivery.timeout=5s",
						"--strata.notification.delivery.lease=8s", "--strata.notification.delivery.poll-interval=50ms",
						"--logging.level.org.apache.kafka=WARN", "--spring.lifecycle.timeout-per-shutdown-phase=2s",
						"--spring.grpc.server.shutdown-grace-period=0s", "--server.shutdown=immediate"));
		return new SpringApplicationBuilder(NotificationApplication.class).run(args.toArray(String[]::new));
	}

	private int deliveries(String tenant) {
		return this.jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ?", Integer.class,
				tenant);
	}

	private int delivered(String tenant) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'delivered'", Integer.class,
				tenant);
	}

	private static Set<String> distinctIds(String path) {
		return receiver.received(path).stream().map(Received::webhookId).collect(Collectors.toSet());
	}

}
