package io.strata.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads each service's image (deploy/images/build.sh) into podman, runs it with host
 * networking against the servers of ./strata up, and checks that it becomes live and
 * ready. The containers use their own Kafka topic prefix and index prefix, so they touch
 * none of the running stack's events, and a PostgreSQL database of their own (created
 * before and dropped after), so their workers never touch the stack's tables. All six run
 * by default; -Dstrata.smoke.services=a,b narrows them. Skipped, saying why, without
 * podman, an image or the servers.
 */
class ImageSmokeTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@ParameterizedTest
	@ValueSource(strings = { "gateway-service", "identity-service", "workflow-service", "analytics-service",
			"ml-service", "notification-service" })
	void imageStartsAndAnswersItsHealthEndpoint(String service) throws Exception {
		String selected = System.getProperty("strata.smoke.services", "all");
		Repo.skipUnless("image smoke test", selected.equals("all") || List.of(selected.split(",")).contains(service),
				service + " is not in -Dstrata.smoke.services (" + selected + ")");
		Repo.skipUnless("image smoke test",
				Repo.run(Duration.ofSeconds(30), Repo.root(), null, List.of("sh", "-c", "command -v podman"))
					.exitCode() == 0,
				"podman is not installed (apt-get install -y podman)");
		Path image = Repo.path(service + "/target/jib-image.tar");
		Repo.skipUnless("image smoke test", Files.isRegularFile(image),
				"no " + image + "; deploy/images/build.sh " + service + " builds it");
		Map<String, String> env = System.getenv();
		Repo.skipUnless("image smoke test", Repo.serversListening(), "the servers of ./strata up are not running");

		String loaded = Repo.podman(Duration.ofMinutes(3), "load", "-q", "-i", image.toString())
			.requireSuccess("podman load")
			.output();
		String name = loaded.replaceAll("(?s).*Loaded image(\\(s\\))?: *", "").trim();
		String inspect = Repo.podman(Duration.ofMinutes(1), "image", "inspect", "--format",
				"{{.Config.User}} {{index .Config.Labels \"org.opencontainers.image.version\"}} {{index .Config.Labels \"org.opencontainers.image.source\"}}",
				name)
			.requireSuccess("podman image inspect")
			.output();
		assertThat(inspect).startsWith("10001:10001 0.1.0-SNAPSHOT https://");

		int port = freePort();
		int management = service.equals("gateway-service") ? freePort() : port + 1100;
		String prefix = "smoke-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		String container = "strata-smoke-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> run = new ArrayList<>(
				List.of("run", "-d", "--name", container, "--network", "host", "--ulimit", "nofile=1024:1024",
						"--ulimit", "nproc=4096:4096", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL"));
		for (String variable : List.of("STRATA_PG_HOST", "STRATA_PG_PORT", "STRATA_PG_USER", "STRATA_PG_PASSWORD",
				"STRATA_REDIS_HOST", "STRATA_REDIS_PORT", "STRATA_KAFKA", "STRATA_ELASTICSEARCH",
				"STRATA_S3_ENDPOINT")) {
			if (env.containsKey(variable)) {
				run.addAll(List.of("-e", variable + "=" + env.get(variable)));
			}
		}
		String database = prefix.replace("-", "_") + service.replace("-service", "");
		createDatabase(env, database);
		run.addAll(List.of("-e", "STRATA_PG_DATABASE=" + database));
		run.addAll(List.of("-e", "STRATA_MTLS_ENABLED=false", "-e", "STRATA_TOPIC_PREFIX=" + prefix, "-e",
				"STRATA_INDEX_PREFIX=" + prefix, "-e", "SERVER_PORT=" + port, "-e", "SERVER_ADDRESS=127.0.0.1", "-e",
				"MANAGEMENT_SERVER_PORT=" + management, "-e", "STRATA_GATEWAY_MANAGEMENT_PORT=" + management, "-e",
				"SPRING_GRPC_SERVER_PORT=" + freePort(), "-e", "SPRING_GRPC_SERVER_HOST=127.0.0.1", "-e",
				"JAVA_TOOL_OPTIONS=-Xmx256m -XX:TieredStopAtLevel=1", name));
		Repo.podman(Duration.ofMinutes(1), run.toArray(String[]::new)).requireSuccess("podman run");
		try {
			String url = "http://127.0.0.1:" + management + "/actuator/health/readiness";
			long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
			int status = 0;
			while (System.nanoTime() < deadline && status != 200) {
				Thread.sleep(2000);
				status = get(url);
				String state = Repo
					.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Status}}", container)
					.output()
					.trim();
				assertThat(state).as("%s's container; log:%n%s", service, logs(container)).isEqualTo("running");
			}
			System.out.println("image smoke: " + service + " (" + name + ") ready at " + url + ": " + status);
			assertThat(status).as("%s readiness; log:%n%s", service, logs(container)).isEqualTo(200);
		}
		finally {
			Repo.podman(Duration.ofMinutes(1), "rm", "-f", "-t", "20", container);
			dropDatabase(env, database);
		}
	}

	private static void createDatabase(Map<String, String> env, String name) throws SQLException {
		try (Connection connection = postgres(env); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
	}

	private static void dropDatabase(Map<String, String> env, String name) throws SQLException {
		try (Connection connection = postgres(env); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	private static Connection postgres(Map<String, String> env) throws SQLException {
		return DriverManager.getConnection(
				"jdbc:postgresql://" + env.getOrDefault("STRATA_PG_HOST", "127.0.0.1") + ":"
						+ Repo.serverPort("postgres", "STRATA_PG_PORT") + "/postgres",
				env.getOrDefault("STRATA_PG_USER", "strata"), env.getOrDefault("STRATA_PG_PASSWORD", "strata"));
	}

	private static String logs(String container) throws Exception {
		String out = Repo.podman(Duration.ofSeconds(30), "logs", "--tail", "40", container).output();
		return out;
	}

	private static int get(String url) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return 0;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
