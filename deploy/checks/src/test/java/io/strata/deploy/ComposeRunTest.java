package io.strata.deploy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * docker-compose.yml run for real: podman-compose (PyPI) starts certs and the six
 * services from the images deploy/images/build.sh built, with
 * deploy/compose/external-stores.yml pointing them at the servers of ./strata up (the
 * official store images cannot be pulled here) and compose-host-network.yml for this
 * machine (podman 4.3, host networking, a loopback address per service beside ./strata
 * up's, the run's own databases, topics, indices and Redis keys). Then: certs issued
 * every service its certificate into its own volume; every service passes its compose
 * healthcheck; through the gateway a login and a call to each service (gateway → services
 * over mTLS, services → identity's JWKS over mTLS); workflow's ml.predict step reaches ml
 * over mTLS (ml answers that the model does not exist instead of refusing the caller); a
 * service's HTTPS port refuses a client without a certificate and one whose SPIFFE id is
 * not among its callers, and admits the gateway's. Skipped, saying why, without
 * podman-compose, the images or the servers, or with -Dstrata.compose.run=false.
 */
class ComposeRunTest {

	private static final List<String> SERVICES = List.of("gateway", "identity", "workflow", "analytics", "ml",
			"notification");

	private static final String GATEWAY = "http://127.0.0.30:8080";

	private static final String OVERRIDE = "deploy/checks/src/test/resources/io/strata/deploy/compose-host-network.yml";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String run = UUID.randomUUID().toString().substring(0, 6);

	private final String project = "strata-run-" + this.run;

	private final String prefix = "crun" + this.run;

	private final Map<String, String> env = new LinkedHashMap<>();

	@Test
	void composeRunsTheServicesWithMutualTlsAgainstExternalStores() throws Exception {
		Repo.skipUnless("compose run", !"false".equals(System.getProperty("strata.compose.run")),
				"-Dstrata.compose.run=false");
		Repo.skipUnless("compose run", succeeds("podman --version"),
				"podman is not installed (apt-get install -y podman)");
		Repo.skipUnless("compose run", succeeds("podman-compose --version"),
				"podman-compose is not installed (pip install podman-compose)");
		for (String service : SERVICES) {
			Path image = Repo.path(service + "-service/target/jib-image.tar");
			Repo.skipUnless("compose run", Files.isRegularFile(image),
					"no " + image + "; deploy/images/build.sh builds the images");
		}
		Map<String, String> host = System.getenv();
		Repo.skipUnless("compose run", Repo.serversListening(), "the servers of ./strata up are not running");
		int pg = Repo.serverPort("postgres", "STRATA_PG_PORT");
		int redis = Repo.serverPort("redis", "STRATA_REDIS_PORT");
		int kafka = Repo.serverPort("kafka", "STRATA_KAFKA_PORT");
		int s3 = Repo.serverPort("s3", "STRATA_S3_PORT");

		String tag = "run-" + this.run;
		for (String service : SERVICES) {
			String loaded = Repo
				.podman(Duration.ofMinutes(3), "load", "-q", "-i",
						Repo.path(service + "-service/target/jib-image.tar").toString())
				.requireSuccess("podman load")
				.output();
			String name = loaded.replaceAll("(?s).*Loaded image(\\(s\\))?: *", "").trim();
			Repo.podman(Duration.ofMinutes(1), "tag", name, "ghcr.io/strata/strata-" + service + "-service:" + tag)
				.requireSuccess("podman tag");
		}
		this.env.put("STRATA_VERSION", tag);
		this.env.put("STRATA_TEST_PREFIX", this.prefix + "-");
		this.env.put("STRATA_PG_DATABASE_PREFIX", this.prefix + "_");
		this.env.put("STRATA_PG_HOST", host.getOrDefault("STRATA_PG_HOST", "127.0.0.1"));
		this.env.put("STRATA_PG_PORT", String.valueOf(pg));
		this.env.put("STRATA_PG_USER", host.getOrDefault("STRATA_PG_USER", "strata"));
		this.env.put("STRATA_PG_PASSWORD", host.getOrDefault("STRATA_PG_PASSWORD", "strata"));
		this.env.put("STRATA_REDIS_HOST", "127.0.0.1");
		this.env.put("STRATA_REDIS_PORT", String.valueOf(redis));
		this.env.put("STRATA_KAFKA", "127.0.0.1:" + kafka);
		this.env.put("STRATA_ELASTICSEARCH", "http://127.0.0.1:" + elasticsearchPort());
		this.env.put("STRATA_S3_ENDPOINT", "http://127.0.0.1:" + s3);
		this.env.put("STRATA_ADMIN_PASSWORD", "run-" + UUID.randomUUID());
		this.env.put("STRATA_JAVA_OPTS",
				"-Xmx320m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
		try {
			for (String database : List.of("identity", "workflow", "notification")) {
				sql("CREATE DATABASE " + this.prefix + "_" + database);
			}
			compose(Duration.ofMinutes(10), "up", "-d").requireSuccess("podman-compose up");
			System.out.println("compose run: " + this.project + " up (certs and the six services)");

			certsIssuedEachServiceItsOwnCertificate();
			for (String service : SERVICES) {
				awaitHealthy(service);
			}
			String token = login();
			throughTheGatewayEachServiceAnswers(token);
			workflowsMlPredictStepReachesMl(token);
			aServicesHttpsPortAdmitsOnlyItsCallers();
		}
		catch (Throwable ex) {
			for (String service : SERVICES) {
				System.out.println("compose run: " + service + "'s log:\n"
						+ Repo.podman(Duration.ofSeconds(30), "logs", "--tail", "30", container(service)).output());
			}
			throw ex;
		}
		finally {
			compose(Duration.ofMinutes(3), "down", "-v", "-t", "10");
			for (String database : List.of("identity", "workflow", "notification")) {
				sql("DROP DATABASE IF EXISTS " + this.prefix + "_" + database + " WITH (FORCE)");
			}
			HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + elasticsearchPort() + "/" + this.prefix + "-*"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.discarding());
			for (String service : SERVICES) {
				Repo.podman(Duration.ofMinutes(1), "rmi", "ghcr.io/strata/strata-" + service + "-service:" + tag);
			}
		}
	}

	/**
	 * certs ran to completion and left each service's volume with its certificate (its
	 * SPIFFE id, its compose host name), its key readable by the services' user only, and
	 * the CA.
	 */
	private void certsIssuedEachServiceItsOwnCertificate() throws Exception {
		// podman starts a one-shot dependency again with each dependent: the last start
		// may
		// still be running
		String certs = "";
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline && !certs.startsWith("exited")) {
			certs = Repo
				.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}",
						this.project + "_certs_1")
				.output()
				.trim();
			Thread.sleep(1000);
		}
		assertThat(certs).as("certs").isEqualTo("exited 0");
		String log = Repo.podman(Duration.ofSeconds(30), "logs", this.project + "_certs_1").output();
		List<String> runs = log.lines().filter((line) -> line.contains(" gateway-service ")).toList();
		System.out.println("compose run: certs ran " + runs.size() + " time(s): " + runs);
		for (String service : SERVICES) {
			Path volume = volume(service + "-tls");
			X509Certificate certificate = certificate(volume.resolve("tls.crt"));
			assertThat(certificate.getSubjectAlternativeNames()).as(service)
				.contains(List.of(6, "spiffe://strata.local/ns/strata/sa/" + service + "-service"),
						List.of(2, service));
			certificate.verify(certificate(volume.resolve("ca.crt")).getPublicKey());
			assertThat(Files.getAttribute(volume.resolve("tls.key"), "unix:uid")).as(service).isEqualTo(10001);
			assertThat(Files.getAttribute(volume.resolve("tls.key"), "unix:mode")).as(service).isEqualTo(0100600);
			assertThat(volume.resolve("ca.key")).doesNotExist();
		}
		System.out.println("compose run: certs issued six certificates (SPIFFE id, host name, key 0600 for 10001)");
	}

	/**
	 * podman runs the service's compose healthcheck (readiness on its management port).
	 */
	private void awaitHealthy(String service) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
		Repo.Result check;
		do {
			Thread.sleep(3000);
			String state = Repo
				.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Status}}", container(service))
				.output()
				.trim();
			assertThat(state).as("%s's container", service).isEqualTo("running");
			check = Repo.podman(Duration.ofSeconds(30), "healthcheck", "run", container(service));
		}
		while (check.exitCode() != 0 && System.nanoTime() < deadline);
		assertThat(check.exitCode()).as("%s's healthcheck: %s", service, check.output()).isZero();
		System.out.println("compose run: " + service + " healthy (its compose healthcheck)");
	}

	private String login() throws Exception {
		String tenant;
		try (Connection connection = postgres(this.prefix + "_identity");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM tenants")) {
			assertThat(rows.next()).as("the bootstrap tenant").isTrue();
			tenant = rows.getString(1);
		}
		HttpResponse<String> login = post("/v2/auth/login", null, "{\"email\": \"admin@strata.local\", \"password\": \""
				+ this.env.get("STRATA_ADMIN_PASSWORD") + "\", \"tenant_id\": \"" + tenant + "\"}");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return (String) json(login.body()).get("access_token");
	}

	private void throughTheGatewayEachServiceAnswers(String token) throws Exception {
		for (String path : List.of("/v2/resource-types", "/v2/resources", "/v2/webhooks", "/v2/ml/models",
				"/v2/users")) {
			HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + path))
				.header("Authorization", "Bearer " + token)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
		}
		System.out.println("compose run: login and GET resource-types, resources, webhooks, ml/models, users "
				+ "through the gateway: 200");
	}

	/**
	 * An action whose workflow predicts with a model that does not exist: the step fails
	 * with ml's own answer, so workflow reached ml's Predict over mutual TLS (without
	 * mTLS ml refuses a caller without a token before looking for the model).
	 */
	private void workflowsMlPredictStepReachesMl(String token) throws Exception {
		String type = "{\"name\": \"probe\", \"schema\": {\"type\": \"object\"}, \"lifecycle\": {\"initial\": \"open\","
				+ " \"states\": [\"open\", \"scored\"], \"actions\": {\"score\": {\"from\": [\"open\"], \"to\": \"scored\","
				+ " \"input_schema\": {\"type\": \"object\"}, \"workflow\": {\"steps\": [{\"name\": \"predict\","
				+ " \"type\": \"ml.predict\", \"input\": {\"model\": \"'no-such-model'\", \"features\": {\"x\": \"1.0\"}}}]}}}}}";
		assertThat(post("/v2/resource-types", token, type).statusCode()).isEqualTo(201);
		HttpResponse<String> resource = post("/v2/resources", token, "{\"type\": \"probe\", \"attributes\": {}}");
		assertThat(resource.statusCode()).as(resource.body()).isEqualTo(201);
		HttpResponse<String> action = post("/v2/resources/actions", token,
				"{\"action\": \"score\", \"resource_ids\": [\"" + json(resource.body()).get("id")
						+ "\"], \"input\": {}}");
		assertThat(action.statusCode()).as(action.body()).isEqualTo(202);
		@SuppressWarnings("unchecked")
		String operation = (String) ((List<Map<String, Object>>) json(action.body()).get("operations")).get(0)
			.get("id");
		Map<String, Object> run = Map.of();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline && !"failed".equals(run.get("status"))
				&& !"completed".equals(run.get("status"))) {
			Thread.sleep(1000);
			run = json(HTTP
				.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/v2/operations/" + operation))
					.header("Authorization", "Bearer " + token)
					.build(), HttpResponse.BodyHandlers.ofString())
				.body());
		}
		assertThat(run.get("status")).as("the run %s", run).isEqualTo("failed");
		assertThat((String) run.get("error")).as("the run %s", run)
			.contains("ml.predict: Model no-such-model")
			.contains("does not exist");
		System.out.println("compose run: workflow's ml.predict step reached ml over mTLS: " + run.get("error"));
	}

	/** workflow's HTTPS port: no certificate, ml's (not its caller), the gateway's. */
	private void aServicesHttpsPortAdmitsOnlyItsCallers() throws Exception {
		Path ca = volume("workflow-tls").resolve("ca.crt");
		Throwable anonymous = catchThrowable(() -> httpsStatus(ca, null));
		assertThat(anonymous).as("a client without a certificate").isInstanceOf(SSLException.class);
		assertThat(httpsStatus(ca, volume("ml-tls"))).as("ml's certificate at workflow").isEqualTo(403);
		assertThat(httpsStatus(ca, volume("gateway-tls"))).as("the gateway's certificate at workflow").isEqualTo(401);
		System.out.println("compose run: workflow's HTTPS port: no certificate refused (" + anonymous.getMessage()
				+ "), ml's 403, the gateway's admitted (401 without a token)");
	}

	/**
	 * The status of GET /v2/resource-types at workflow's HTTPS port, as the given client.
	 */
	private static int httpsStatus(Path ca, Path clientVolume) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", certificate(ca));
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		if (clientVolume != null) {
			String pem = Files.readString(clientVolume.resolve("tls.key"));
			byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
			PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
			keys.setKeyEntry("client", key, new char[0],
					new Certificate[] { certificate(clientVolume.resolve("tls.crt")) });
		}
		keyManagers.init(keys, new char[0]);
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		// the certificate names "workflow"; this test dials its loopback address
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.32", 8082), 5000);
			try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.32", 8082, false)) {
				socket.setSoTimeout(30000);
				socket.startHandshake();
				OutputStream out = socket.getOutputStream();
				out.write("GET /v2/resource-types HTTP/1.0\r\nHost: workflow\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
				return Integer.parseInt(status.substring(9, 12));
			}
		}
	}

	private Path volume(String name) throws Exception {
		return Path.of(Repo.podman(Duration.ofSeconds(30), "volume", "inspect", "--format", "{{.Mountpoint}}",
				this.project + "_" + name)
			.requireSuccess("podman volume inspect")
			.output()
			.trim());
	}

	private String container(String service) {
		return this.project + "_" + service + "_1";
	}

	private HttpResponse<String> post(String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** JSON is YAML: SnakeYAML reads the answers. */
	private static Map<String, Object> json(String body) {
		return new Yaml().load(body);
	}

	private static X509Certificate certificate(Path file) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
	}

	private Repo.Result compose(Duration timeout, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("env"));
		this.env.forEach((key, value) -> command.add(key + "=" + value));
		command.add("podman-compose");
		Repo.podmanRuntime().forEach((arg) -> command.add("--podman-args=" + arg));
		command.addAll(List.of("-p", this.project, "-f", "docker-compose.yml", "-f",
				"deploy/compose/external-stores.yml", "-f", OVERRIDE));
		command.addAll(List.of(args));
		return Repo.run(timeout, Repo.root(), null, command);
	}

	private void sql(String statement) throws SQLException {
		try (Connection connection = postgres("postgres"); Statement sql = connection.createStatement()) {
			sql.execute(statement);
		}
	}

	private Connection postgres(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + this.env.get("STRATA_PG_HOST") + ":"
				+ this.env.get("STRATA_PG_PORT") + "/" + database, this.env.get("STRATA_PG_USER"),
				this.env.get("STRATA_PG_PASSWORD"));
	}

	private static boolean succeeds(String command) throws Exception {
		return Repo.run(Duration.ofSeconds(30), Repo.root(), null, List.of("sh", "-c", command + " >/dev/null 2>&1"))
			.exitCode() == 0;
	}

	private static int elasticsearchPort() {
		return Repo.serverPort("elasticsearch", "STRATA_ES_PORT");
	}

}
