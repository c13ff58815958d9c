package io.strata.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts the whole platform exactly as a developer does ({@code ./strata up}) and checks
 * it through the gateway, as an app would see it.
 */
class PlatformHealthEndToEndTests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/**
	 * The gateway ./strata up starts: the root pom's strata.port.gateway (8080) unless
	 * STRATA_GATEWAY_PORT says otherwise.
	 */
	static final String GATEWAY = "http://127.0.0.1:" + port("gateway");

	/** The gateway's management port: health and metrics, never on the public port. */
	static final String GATEWAY_MANAGEMENT = "http://127.0.0.1:" + managementPort("gateway");

	static final List<String> SERVICES = List.of("identity", "workflow", "analytics", "ml", "notification");

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final JsonMapper json = JsonMapper.builder().build();

	static boolean started;

	/**
	 * Starts the platform once for the whole suite; the services stop when the test JVM
	 * ends.
	 */
	@BeforeAll
	static synchronized void up() throws Exception {
		if (started) {
			return;
		}
		boolean alreadyRunning = answers(GATEWAY_MANAGEMENT + "/actuator/health");
		assertThat(strata("up")).as("./strata up exit code (output above)").isZero();
		started = true;
		if (!alreadyRunning) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					strata("services", "down");
				}
				catch (Exception ex) {
					// the JVM is going away; ./strata down stops what is left
				}
			}));
		}
	}

	@Test
	void gatewayReportsEveryServiceUp() throws Exception {
		HttpResponse<String> response = get(GATEWAY_MANAGEMENT + "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = json.readTree(response.body());
		assertThat(health.path("status").asString()).isEqualTo("UP");
		for (String service : SERVICES) {
			assertThat(health.path("components")
				.path("services")
				.path("components")
				.path(service)
				.path("status")
				.asString()).as(service).isEqualTo("UP");
		}
	}

	@Test
	void everyServiceIsReadyAndServesPrometheusMetrics() throws Exception {
		assertThat(get(GATEWAY + "/actuator/prometheus").statusCode()).isIn(401, 404);
		for (String name : all()) {
			String base = "http://127.0.0.1:" + managementPort(name);
			assertThat(get(base + "/actuator/health/readiness").statusCode()).as(base).isEqualTo(200);
			HttpResponse<String> metrics = get(base + "/actuator/prometheus");
			assertThat(metrics.statusCode()).as(base).isEqualTo(200);
			assertThat(metrics.body()).contains("jvm_memory_used_bytes");
			// what the SLO rules and dashboards need (deploy/observability): every metric
			// names its service
			String service = name + "-service";
			assertThat(metrics.body()).as(base)
				.containsPattern("jvm_memory_used_bytes\\{[^}]*service=\"" + service + "\"");
		}
		// and HTTP latency has a bucket at the 50 ms objective
		assertThat(get(GATEWAY_MANAGEMENT + "/actuator/prometheus").body())
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"0.05\"");
	}

	@Test
	void theServicesListenOnLoopbackOnly() throws Exception {
		List<InetAddress> external = NetworkInterface.networkInterfaces()
			.filter((nic) -> !isLoopback(nic))
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address)
			.toList();
		assertThat(external).as("a non-loopback IPv4 address of this machine to try").isNotEmpty();
		for (int port : new int[] { port("gateway"), port("identity"), port("notification"), managementPort("gateway"),
				grpcPort("identity"), managementPort("identity") }) {
			try (Socket socket = new Socket()) {
				assertThatExceptionOfType(IOException.class).as("port %d on %s", port, external.get(0))
					.isThrownBy(() -> socket.connect(new InetSocketAddress(external.get(0), port), 1000));
			}
		}
	}

	private static List<String> all() {
		List<String> all = new ArrayList<>(List.of("gateway"));
		all.addAll(SERVICES);
		return all;
	}

	/**
	 * The HTTP port ./strata up starts a service (gateway, identity, ...) on:
	 * STRATA_IDENTITY_PORT, ..., or the root pom's strata.port.identity, ...
	 * ({@code ./strata}'s service_port).
	 */
	static int port(String service) {
		return Integer.parseInt(env(variable(service) + "_PORT", rootPomPort(service)));
	}

	/**
	 * Where a service other than the gateway serves gRPC: STRATA_IDENTITY_GRPC_PORT, ...,
	 * or the root pom's strata.port.identity-grpc, ... ({@code ./strata}'s
	 * service_grpc_port).
	 */
	static int grpcPort(String service) {
		return Integer.parseInt(env(variable(service) + "_GRPC_PORT", rootPomPort(service + "-grpc")));
	}

	/**
	 * Where a service's actuator answers plain HTTP: the gateway's management port
	 * (STRATA_GATEWAY_MANAGEMENT_PORT or strata.port.gateway-management), the others'
	 * HTTP port + 1100 ({@code ./strata}'s service_management_port), so their HTTP port
	 * can require mTLS.
	 */
	static int managementPort(String service) {
		if ("gateway".equals(service)) {
			return Integer.parseInt(env("STRATA_GATEWAY_MANAGEMENT_PORT", rootPomPort("gateway-management")));
		}
		return port(service) + 1100;
	}

	private static String variable(String service) {
		return "STRATA_" + service.toUpperCase(Locale.ROOT);
	}

	/** The root pom.xml's strata.port.{name}: the ports the launcher defaults to. */
	private static String rootPomPort(String name) {
		try {
			String property = "strata.port." + name;
			Matcher matcher = Pattern
				.compile("<" + Pattern.quote(property) + ">(\\d+)</" + Pattern.quote(property) + ">")
				.matcher(Files.readString(ROOT.resolve("pom.xml")));
			if (!matcher.find()) {
				throw new IllegalStateException("no " + property + " in " + ROOT.resolve("pom.xml"));
			}
			return matcher.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isLoopback(NetworkInterface nic) {
		try {
			return nic.isLoopback() || !nic.isUp();
		}
		catch (SocketException ex) {
			return true;
		}
	}

	@Test
	void everyServiceServesTheStandardGrpcHealthService() throws IOException {
		for (String service : SERVICES) {
			int port = grpcPort(service);
			ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, grpcCredentials()).build();
			try {
				HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.check(HealthCheckRequest.getDefaultInstance());
				assertThat(health.getStatus()).as("gRPC health on %d", port).isEqualTo(ServingStatus.SERVING);
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

	/**
	 * Under mTLS (the default of {@code ./strata up}) a server's health service answers
	 * any certificate from the local CA; the gateway's is at hand.
	 */
	private static ChannelCredentials grpcCredentials() throws IOException {
		Path tls = ROOT.resolve(".strata/tls");
		if ("false".equals(System.getenv("STRATA_MTLS")) || !Files.exists(tls.resolve("ca.crt"))) {
			return InsecureChannelCredentials.create();
		}
		return TlsChannelCredentials.newBuilder()
			.keyManager(tls.resolve("gateway-service.crt").toFile(), tls.resolve("gateway-service.key").toFile())
			.trustManager(tls.resolve("ca.crt").toFile())
			.build();
	}

	@Test
	void docsServeOneSwaggerUiOverEveryServicesOpenApi() throws Exception {
		HttpResponse<String> ui = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build()
			.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/docs")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).containsIgnoringCase("swagger");
		for (String service : SERVICES) {
			HttpResponse<String> document = get(GATEWAY + "/docs/" + service + "/v3/api-docs");
			assertThat(document.statusCode()).as(service).isEqualTo(200);
			JsonNode openApi = json.readTree(document.body());
			assertThat(openApi.path("openapi").asString()).as(service).startsWith("3.");
			// try-it-out sends requests to the document's server: the gateway, not the
			// service
			assertThat(openApi.path("servers").path(0).path("url").asString()).as(service).isEqualTo(GATEWAY);
		}
		assertThat(get(GATEWAY + "/docs/workflow/v3/api-docs").body()).contains("/v2/resources");
	}

	@Test
	void everyServiceRouteDemandsAToken() throws Exception {
		for (String path : List.of("/v2/users/u-1", "/v2/resources/r-1", "/v2/analytics/metrics", "/v2/ml/models",
				"/v2/webhooks/w-1")) {
			HttpResponse<String> response = get(GATEWAY + path);
			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).isPresent();
		}
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static boolean answers(String url) {
		try {
			get(url);
			return true;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private static String env(String name, String otherwise) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? otherwise : value;
	}

	static int strata(String... command) throws IOException, InterruptedException {
		List<String> commandLine = new ArrayList<>(List.of(ROOT.resolve("strata").toString()));
		commandLine.addAll(List.of(command));
		Process process = new ProcessBuilder(commandLine).directory(ROOT.toFile()).inheritIO().start();
		if (!process.waitFor(6, TimeUnit.MINUTES)) {
			process.destroy();
			return -1;
		}
		return process.exitValue();
	}

}
