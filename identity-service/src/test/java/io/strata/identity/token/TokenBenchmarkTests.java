package io.strata.identity.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.client.OAuthClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens issued per second (client_credentials through the real HTTP endpoint) against a
 * baseline HTTP round trip (GET /oauth2/jwks), and JWT verifications per second (what a
 * gateway does with the cached JWKS) against a baseline of parsing without verifying. Run
 * with {@code ./mvnw -B verify -Pbenchmark -pl identity-service}.
 */
@Tag("benchmark")
class TokenBenchmarkTests extends IdentityIntegrationTest {

	static final int TOKENS = 200;

	static final int VERIFICATIONS = 20_000;

	@Autowired
	OAuthClients clients;

	@LocalServerPort
	int port;

	@Test
	void tokensPerSecondAndVerificationsPerSecond() throws Exception {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "bench", "bench", Set.of("identity.admin")));
		HttpClient http = HttpClient.newHttpClient();
		String base = "http://127.0.0.1:" + this.port;
		HttpRequest jwks = HttpRequest.newBuilder(URI.create(base + "/oauth2/jwks")).build();
		HttpRequest token = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=identity.admin"))
			.build();
		String[] last = new String[1];
		// warm-up
		measure(50, () -> http.send(jwks, HttpResponse.BodyHandlers.ofString()));
		measure(10, () -> http.send(token, HttpResponse.BodyHandlers.ofString()));

		Result roundTrip = measure(TOKENS, () -> http.send(jwks, HttpResponse.BodyHandlers.ofString()));
		Result issuing = measure(TOKENS, () -> {
			HttpResponse<String> response = http.send(token, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			last[0] = response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
			return response;
		});

		NimbusJwtDecoder verifier = NimbusJwtDecoder.withJwkSetUri(base + "/oauth2/jwks").build();
		String jwt = last[0];
		measure(2_000, () -> verifier.decode(jwt));
		Result parsing = measure(VERIFICATIONS, () -> SignedJWT.parse(jwt));
		Result verifying = measure(VERIFICATIONS, () -> verifier.decode(jwt));

		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf(Locale.ROOT, "%nidentity token benchmark, %d cores%n", cores);
		print("baseline GET /oauth2/jwks", roundTrip);
		print("client_credentials token", issuing);
		System.out.printf(Locale.ROOT, "  token issuing / baseline: throughput x%.3f, p95 x%.2f%n",
				issuing.perSecond() / roundTrip.perSecond(), issuing.p(95) / roundTrip.p(95));
		print("baseline JWT parse (no signature check)", parsing);
		print("JWT verification (RS256, cached JWKS)", verifying);
		System.out.printf(Locale.ROOT, "  verification / baseline: throughput x%.3f, p95 x%.2f%n",
				verifying.perSecond() / parsing.perSecond(), verifying.p(95) / parsing.p(95));
		// what was measured were real tokens of that client: no timing is asserted
		assertThat(verifier.decode(jwt).getSubject()).isEqualTo(client.clientId());
		assertThat(verifier.decode(jwt).getClaimAsString("scope")).isEqualTo("identity.admin");
	}

	private static void print(String what, Result result) {
		System.out.printf(Locale.ROOT, "  %-42s %10.1f/s  p50 %8.3f ms  p95 %8.3f ms  p99 %8.3f ms%n", what,
				result.perSecond(), result.p(50), result.p(95), result.p(99));
	}

	private static Result measure(int count, Callable<?> work) throws Exception {
		long[] nanos = new long[count];
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long begin = System.nanoTime();
			work.call();
			nanos[i] = System.nanoTime() - begin;
		}
		long total = System.nanoTime() - start;
		Arrays.sort(nanos);
		return new Result(nanos, total);
	}

	private record Result(long[] sortedNanos, long totalNanos) {

		double perSecond() {
			return this.sortedNanos.length * 1e9 / this.totalNanos;
		}

		double p(int percentile) {
			int index = Math.min(this.sortedNanos.length - 1,
					(int) Math.ceil(percentile / 100.0 * this.sortedNanos.length) - 1);
			return this.sortedNanos[Math.max(0, index)] / 1e6;
		}

	}

}
