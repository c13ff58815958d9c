package io.strata.identity.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.platform.events.EventTopics;
import io.strata.proto.identity.v1.InvitationCreated;
import io.strata.proto.identity.v1.PasswordResetRequested;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invitations and public reset requests publish events on identity.events, without the
 * token.
 */
class AccountEventsIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	EventTopics topics;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	@Test
	void invitationCreatedAndPasswordResetRequestedCarryNoToken() throws Exception {
		this.jdbc.update("DELETE FROM password_reset_throttle");
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		Map<String, Object> invitation = postCreated(tenant, "/v2/invitations",
				Map.of("email", email, "roles", List.of("member")));
		String invitationId = (String) invitation.get("id");
		String userId = (String) createUser(tenant, uniqueEmail(), List.of()).get("id");
		String userEmail = this.jdbc.queryForObject("SELECT email FROM users WHERE id = ?", String.class, userId);
		this.client.post()
			.uri("/v2/auth/password-reset")
			.body(Map.of("email", userEmail))
			.exchange()
			.expectStatus()
			.isAccepted();

		ConsumerRecord<String, byte[]> invited = next(invitationId);
		assertThat(new String(invited.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
			.isEqualTo("io.strata.identity.invitation.created.v1");
		InvitationCreated created = InvitationCreated.parseFrom(invited.value());
		assertThat(created.getEmail()).isEqualTo(email);
		assertThat(created.getRolesList()).containsExactly("member");
		assertThat(new String(invited.value(), StandardCharsets.ISO_8859_1)).doesNotContain("inv_")
			.doesNotContain((String) invitation.get("token"));

		ConsumerRecord<String, byte[]> reset = next(userId);
		assertThat(new String(reset.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
			.isEqualTo("io.strata.identity.password_reset.requested.v1");
		PasswordResetRequested requested = PasswordResetRequested.parseFrom(reset.value());
		assertThat(requested.getUserId()).isEqualTo(userId);
		assertThat(requested.getTenantId()).isEqualTo(tenant.id());
		assertThat(new String(reset.value(), StandardCharsets.ISO_8859_1)).doesNotContain("pwr_");
	}

	/** The first event with this key of a type other than user.created. */
	private ConsumerRecord<String, byte[]> next(String key) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka,
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + key, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.topics.name(EventTopics.IDENTITY)));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					String type = new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
					if (key.equals(record.key()) && !type.contains("user.created")) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("no event for " + key);
	}

}
