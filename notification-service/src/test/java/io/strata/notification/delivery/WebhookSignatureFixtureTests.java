package io.strata.notification.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signatures the SDKs' webhook verifiers are tested against
 * ({@code sdks/testdata/webhook-signatures.json}) are the ones this service's signer
 * produces, so an SDK that verifies the fixture verifies real deliveries.
 */
class WebhookSignatureFixtureTests {

	private static final String FIXTURE = "sdks/testdata/webhook-signatures.json";

	@Test
	void everyFixtureSignatureIsWhatTheSignerProduces() throws IOException {
		JsonNode cases = JsonMapper.shared().readTree(Files.readString(fixture())).path("cases");
		assertThat(cases.size()).isGreaterThanOrEqualTo(3);
		for (JsonNode fixture : cases) {
			String secret = fixture.path("secret").asString();
			assertThat(secret).startsWith("whsec_");
			byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
			String signature = WebhookSignature.sign(fixture.path("id").asString(), fixture.path("timestamp").asLong(),
					fixture.path("payload").asString(), List.of(key));
			assertThat(fixture.path("signature").asString()).as(fixture.path("id").asString()).isEqualTo(signature);
		}
	}

	/** The fixture, found from the module's directory or the repository root. */
	private static Path fixture() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			Path candidate = directory.resolve(FIXTURE);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(FIXTURE + " not found above " + Path.of("").toAbsolutePath());
	}

}
