package io.strata.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Property-based fuzzing of every service's OpenAPI document through the gateway, as the
 * signed-in admin of a fresh tenant: schemathesis (pinned in
 * {@code fuzz/requirements.txt}, installed into {@code .strata/fuzz}) generates valid and
 * invalid requests for each operation and fails on any 5xx answer or any answer that
 * contradicts the document's schema. The number of examples is bounded so the suite stays
 * fast; the seed is fixed, so a run is repeatable.
 */
class FuzzEndToEndTests {

	/**
	 * Operations left out: sign-in protocols, streams, and what would lock the admin out.
	 */
	private static final String EXCLUDED_PATHS = "^/(oauth2|login|scim|\\.well-known)(/.*)?$|^/v2/auth/.*"
			+ "|.*/stream$|^/v2/users/me/.*|^/v2/tenants/-/.*|^/v2/analytics/admin/.*";

	private static final Path FUZZ = PlatformHealthEndToEndTests.ROOT.resolve(".strata/fuzz");

	private static final Path REQUIREMENTS = PlatformHealthEndToEndTests.ROOT
		.resolve("e2e-tests/fuzz/requirements.txt");

	@BeforeAll
	static void schemathesis() throws Exception {
		Path marker = FUZZ.resolve("venv/installed-" + Integer.toHexString(Files.readString(REQUIREMENTS).hashCode()));
		if (Files.exists(marker)) {
			return;
		}
		assertThat(run(List.of("python3", "-m", "venv", "--clear", FUZZ.resolve("venv").toString()), 5)).isZero();
		assertThat(run(List.of(FUZZ.resolve("venv/bin/pip").toString(), "install", "-q", "-r", REQUIREMENTS.toString()),
				10))
			.as("pip install -r e2e-tests/fuzz/requirements.txt")
			.isZero();
		Files.createFile(marker);
	}

	@ParameterizedTest
	@ValueSource(strings = { "identity", "workflow", "analytics", "ml", "notification" })
	void noOperationAnswersAServerErrorOrBreaksItsSchema(String service) throws Exception {
		ObjectNode served = (ObjectNode) json
			.readTree(AppJourneyEndToEndTests.send("GET", "/docs/" + service + "/v3/api-docs", null, null).body());
		assumeTrue(served.path("paths").size() > 0, () -> "the " + service + " document has no operations yet");
		String document = withoutSecuritySchemes(served, service);
		// the fuzzer changes and deletes what it finds: a tenant of its own per document
		AppJourneyEndToEndTests.signIn();
		String admin = NewTenant.signInAdmin(AppJourneyEndToEndTests.token);
		List<String> command = new ArrayList<>(List.of(FUZZ.resolve("venv/bin/schemathesis").toString(), "run",
				document, "--url", AppJourneyEndToEndTests.GATEWAY, "--header", "Authorization: Bearer " + admin,
				"--checks", "not_a_server_error,response_schema_conformance", "--phases", "examples,coverage,fuzzing",
				"--max-examples", "5", "--seed", "1", "--rate-limit", "40/s", "--workers", "2", "--exclude-path-regex",
				EXCLUDED_PATHS, "--no-color", "--report", "junit", "--report-junit-path",
				FUZZ.resolve("reports/" + service + ".xml").toString()));
		assertThat(run(command, 6)).as("schemathesis over the %s document (output above)", service).isZero();
	}

	/**
	 * The document as the fuzzer gets it: every request carries the admin's token, so the
	 * document's security schemes are left out. Otherwise schemathesis also sends made-up
	 * API keys and tokens, which the gateway rightly counts as bad credentials until it
	 * answers the whole address 429. Authentication is the cross-tenant walk's and the
	 * gateway's tests' business.
	 */
	private static String withoutSecuritySchemes(ObjectNode document, String service) throws IOException {
		if (document.path("components") instanceof ObjectNode components) {
			components.remove("securitySchemes");
		}
		document.path("paths").values().forEach((item) -> item.values().forEach((operation) -> {
			if (operation instanceof ObjectNode node) {
				node.remove("security");
			}
		}));
		Path file = FUZZ.resolve("documents/" + service + ".json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, json.writeValueAsString(document));
		return file.toString();
	}

	private static int run(List<String> command, int minutes) throws IOException, InterruptedException {
		Files.createDirectories(FUZZ.resolve("reports"));
		// schemathesis keeps its cache in the working directory: under .strata, not in
		// the source tree. Its output goes to a log (written straight to this JVM's
		// stdout it can corrupt the channel Surefire reads the forked JVM through), and
		// the end of that log is printed.
		Path log = FUZZ.resolve("reports/last-run.log");
		Process process = new ProcessBuilder(command).directory(FUZZ.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean finished = process.waitFor(minutes, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		List<String> lines = Files.readAllLines(log);
		System.out
			.println(String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size())));
		return finished ? process.exitValue() : -1;
	}

}
