package io.strata.identity.apikey;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.platform.events.EventTopics;
import io.strata.proto.identity.v1.GetUserRequest;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;
import io.strata.proto.identity.v1.UserCreated;
import io.strata.testsupport.GrpcTestChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * API keys through REST and the gRPC ResolveApiKey the gateway calls; and the events a
 * user's creation publishes on identity.events.
 */
class ApiKeyIntegrationTests extends IdentityIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Autowired
	EventTopics topics;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	@LocalServerPort
	int port;

	@Test
	void aKeyIsShownOnceResolvesOverGrpcAndStopsResolvingWhenRevoked() {
		TestTenant tenant = newTenant();
		Map<String, Object> created = postCreated(tenant, "/v2/api-keys",
				Map.of("name", "ci", "scopes", List.of("identity.admin")));
		String secret = created.get("key").toString();
		String id = created.get("id").toString();
		assertThat(secret).startsWith("sk_");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE secret_hash = ?", Long.class, secret))
			.isZero();
		String listed = this.client.get()
			.uri("/v2/api-keys")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).contains(id).doesNotContain(secret);

		ManagedChannel channel = this.grpc.channel();
		IdentityServiceGrpc.IdentityServiceBlockingStub identity = IdentityServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(GrpcTestChannel.bearer(tenant.adminToken()));
		// the gateway holds nothing but the caller's key: resolving needs no token
		ResolveApiKeyResponse resolved = IdentityServiceGrpc.newBlockingStub(channel)
			.resolveApiKey(ResolveApiKeyRequest.newBuilder().setApiKey(secret).build());
		assertThat(resolved.getTenantId()).isEqualTo(tenant.id());
		assertThat(resolved.getKeyId()).isEqualTo(id);
		assertThat(resolved.getSubject()).isEqualTo(tenant.adminId());
		assertThat(resolved.getScopesList()).containsExactly("identity.admin");

		// the gateway forwards a JWT standing for the key: it validates against the
		// published JWKS alone and carries the key's owner, tenant and scopes
		Jwt token = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + this.port + "/oauth2/jwks")
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build()
			.decode(resolved.getAccessToken());
		assertThat(token.getSubject()).isEqualTo(tenant.adminId());
		assertThat(token.getClaimAsString("tid")).isEqualTo(tenant.id());
		assertThat(token.getClaimAsString("scope")).isEqualTo("identity.admin");
		assertThat(token.getClaimAsString("azp")).isEqualTo("api-key:" + id);
		assertThat(token.getId()).isNotBlank();
		assertThat(token.getExpiresAt().getEpochSecond()).isEqualTo(resolved.getAccessTokenExpiresAt().getSeconds());
		assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(5));
		// and services accept it like any access token
		this.client.get()
			.uri("/v2/api-keys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + resolved.getAccessToken())
			.exchange()
			.expectStatus()
			.isOk();

		// another tenant cannot revoke it
		this.client.delete()
			.uri("/v2/api-keys/" + id)
			.header(HttpHeaders.AUTHORIZATION, newTenant().bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/v2/api-keys/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> identity.resolveApiKey(ResolveApiKeyRequest.newBuilder().setApiKey(secret).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		// the key is the credential: no token is needed to resolve one, and a revoked
		// one still resolves to nothing
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> IdentityServiceGrpc.newBlockingStub(channel)
				.resolveApiKey(ResolveApiKeyRequest.newBuilder().setApiKey(secret).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		// every other method still needs a token
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> IdentityServiceGrpc.newBlockingStub(channel)
				.getUser(GetUserRequest.newBuilder().setTenantId(tenant.id()).setUserId("u-1").build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	@Test
	void aKeyCannotGrantScopesItsCreatorLacks() {
		TestTenant tenant = newTenant();
		this.client.post()
			.uri("/v2/api-keys")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("name", "escalate", "scopes", List.of("identity.keys")))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void creatingAUserPublishesUserCreated() throws Exception {
		TestTenant tenant = newTenant();
		String userId = createUser(tenant, uniqueEmail(), List.of("member")).get("id").toString();
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka,
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + userId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.topics.name(EventTopics.IDENTITY)));
			ConsumerRecord<String, byte[]> event = null;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (event == null && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.key().equals(userId)) {
						event = record;
					}
				}
			}
			assertThat(event).as("UserCreated for " + userId).isNotNull();
			assertThat(new String(event.headers().lastHeader("ce_type").value()))
				.isEqualTo("io.strata.identity.user.created.v1");
			assertThat(new String(event.headers().lastHeader("ce_tenant").value())).isEqualTo(tenant.id());
			assertThat(UserCreated.parseFrom(event.value()).getUser().getId()).isEqualTo(userId);
		}
	}

}
