package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification against {@code sdks/testdata/webhook-signatures.json}: signatures of the notification service. */
class WebhookVerifyTest {

	record Case(String secret, String id, long timestamp, String payload, String signature) {

		Map<String, List<String>> headers() {
			return Map.of("webhook-id", List.of(this.id), "webhook-timestamp", List.of(Long.toString(this.timestamp)),
					"webhook-signature", List.of(this.signature));
		}

		Clock at(long offsetSeconds) {
			return Clock.fixed(Instant.ofEpochSecond(this.timestamp + offsetSeconds), ZoneOffset.UTC);
		}

	}

	static List<Case> cases() throws IOException {
		String dir = System.getenv("STRATA_SDK_TESTDATA");
		Path file = Path.of((dir != null) ? dir : "../testdata", "webhook-signatures.json");
		JsonNode root = Transport.JSON.readTree(Files.readString(file));
		List<Case> cases = new ArrayList<>();
		for (JsonNode c : root.get("cases")) {
			cases.add(new Case(c.get("secret").asText(), c.get("id").asText(), c.get("timestamp").asLong(),
					c.get("payload").asText(), c.get("signature").asText()));
		}
		assertFalse(cases.isEmpty(), "the fixture has cases");
		return cases;
	}

	@ParameterizedTest
	@MethodSource("cases")
	void aValidSignatureVerifies(Case c) {
		assertDoesNotThrow(() -> Webhooks.verify(c.payload(), c.headers(), c.secret(), c.at(30)));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void theLibrarySignsAsTheNotificationServiceDoes(Case c) throws Exception {
		assertTrue(List.of(c.signature().split(" ")).contains(new Webhook(c.secret()).sign(c.id(), c.timestamp(),
				c.payload())));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void aTamperedPayloadIsRejected(Case c) {
		WebhookVerificationException error = assertThrows(WebhookVerificationException.class,
				() -> Webhooks.verify(c.payload() + " ", c.headers(), c.secret(), c.at(0)));
		assertEquals("No matching signature found", error.getMessage());
		assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(c.payload().replace('e', 'f'),
				c.headers(), c.secret(), c.at(0)));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void aWrongSecretIsRejected(Case c) {
		String wrong = "whsec_" + Base64.getEncoder().encodeToString("not the endpoint's secret".getBytes());
		assertThrows(WebhookVerificationException.class,
				() -> Webhooks.verify(c.payload(), c.headers(), wrong, c.at(0)));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void anOldTimestampIsRejected(Case c) {
		WebhookVerificationException error = assertThrows(WebhookVerificationException.class,
				() -> Webhooks.verify(c.payload(), c.headers(), c.secret(), c.at(5 * 60 + 1)));
		assertEquals("Message timestamp too old", error.getMessage());
	}

	@ParameterizedTest
	@MethodSource("cases")
	void aTimestampFromTheFutureIsRejected(Case c) {
		assertThrows(WebhookVerificationException.class,
				() -> Webhooks.verify(c.payload(), c.headers(), c.secret(), c.at(-(5 * 60 + 1))));
	}

	@Test
	void headerNamesAreCaseInsensitiveAndAnyOfSeveralSignaturesMatches() throws IOException {
		Case c = cases().get(0);
		Map<String, List<String>> headers = Map.of("Webhook-Id", List.of(c.id()), "WEBHOOK-TIMESTAMP",
				List.of(Long.toString(c.timestamp())), "Webhook-Signature",
				List.of("v1,bm90IGl0 v2,whatever " + c.signature()));
		assertDoesNotThrow(() -> Webhooks.verify(c.payload(), headers, c.secret(), c.at(0)));
	}

	@Test
	void missingHeadersAreRejected() throws IOException {
		Case c = cases().get(0);
		assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(c.payload(),
				Map.of("webhook-id", List.of(c.id())), c.secret(), c.at(0)));
	}

	@Test
	void theClientVerifiesWithTheSystemClock() throws Exception {
		Case c = cases().get(0);
		long now = Instant.now().getEpochSecond();
		String signature = new Webhook(c.secret()).sign("msg_now", now, c.payload());
		Strata strata = Strata.builder().baseUrl("http://127.0.0.1:1").apiKey("k").build();
		strata.webhooks().verifySingle(c.payload(), Map.of("webhook-id", "msg_now", "webhook-timestamp",
				Long.toString(now), "webhook-signature", signature), c.secret());
		// and the library's own verify agrees with ours on a fresh delivery
		new Webhook(c.secret()).verify(c.payload(), Map.of("webhook-id", List.of("msg_now"), "webhook-timestamp",
				List.of(Long.toString(now)), "webhook-signature", List.of(signature)));
		assertThrows(WebhookVerificationException.class, () -> strata.webhooks().verify(c.payload(), c.headers(),
				c.secret()));
	}

}
