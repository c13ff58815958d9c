package io.strata.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each official SDK's own tests (its unit tests and its integration tests) against the
 * platform this suite started, with the development OAuth2 client that
 * {@code ./strata up} created: {@code sdks/test <language>}, as a developer runs it.
 */
class SdkEndToEndTests {

	private static final Path ROOT = PlatformHealthEndToEndTests.ROOT;

	@ParameterizedTest
	@ValueSource(strings = { "typescript", "python", "go", "java" })
	void theSdkPassesItsTestsAgainstThePlatform(String language) throws Exception {
		JsonNode credentials = json.readTree(Files.readString(ROOT.resolve(".strata/data/credentials.json")));
		// the SDKs' output goes to a file: written straight to this JVM's stdout, it
		// corrupts the channel Surefire reads its forked JVM through
		Path log = Path.of("target", "sdk-" + language + ".log").toAbsolutePath();
		ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("sdks/test").toString(), language)
			.directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("STRATA_BASE_URL", AppJourneyEndToEndTests.GATEWAY);
		builder.environment().put("STRATA_CLIENT_ID", credentials.path("client_id").asString());
		builder.environment().put("STRATA_CLIENT_SECRET", credentials.path("client_secret").asString());
		Process process = builder.start();
		boolean finished = process.waitFor(10, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		List<String> lines = Files.readAllLines(log);
		System.out
			.println(String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 15), lines.size())));
		assertThat(finished && process.exitValue() == 0).as("sdks/test %s (its output: %s)", language, log).isTrue();
	}

}
