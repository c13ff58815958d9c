package io.strata.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, loaded and validated by compose-go (the compose CLI's loader; built
 * by deploy/tools/build-tools.sh), then checked for what the issue asks of it.
 */
class ComposeFileTest {

	static final String TOOL = "compose-check-v2.16.2/compose-check";

	static final String BUILD = "deploy/tools/build-tools.sh compose-check";

	private static Map<String, Map<String, Object>> services;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void load() throws Exception {
		Path tool = Repo.requireTool(TOOL, BUILD);
		Repo.Result result = Repo
			.run(Duration.ofMinutes(1), Repo.root(), null, List.of(tool.toString(), "docker-compose.yml"))
			.requireSuccess("compose-check docker-compose.yml");
		Map<String, Object> loaded = new Yaml().load(result.output());
		services = (Map<String, Map<String, Object>>) loaded.get("services");
		System.out.println("compose-go loaded docker-compose.yml: " + services.size() + " services, volumes "
				+ loaded.get("volumes"));
	}

	@Test
	void theStoresComeFromTheirOfficialImagesAndTheSixServicesFromOurs() {
		assertThat(services).containsOnlyKeys("postgres", "redis", "kafka", "elasticsearch", "s3", "certs", "gateway",
				"identity", "workflow", "analytics", "ml", "notification");
		assertThat(image("postgres")).isEqualTo("postgres:16");
		assertThat(image("redis")).isEqualTo("redis:7");
		assertThat(image("kafka")).startsWith("apache/kafka:");
		assertThat(image("elasticsearch")).startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.19.");
		for (String service : List.of("gateway", "identity", "workflow", "analytics", "ml", "notification")) {
			assertThat(image(service)).endsWith("/strata-" + service + "-service:0.1.0");
			assertThat(services.get(service).get("user")).as(service).isEqualTo("10001:10001");
		}
	}

	/** What Jib builds is what compose and the chart name by default. */
	@Test
	void composeTheChartAndTheImageBuildAgreeOnTheImageTag() throws Exception {
		String pom = Files.readString(Repo.path("pom.xml"));
		Matcher tag = Pattern.compile("<strata.image.tag>([^<]+)</strata.image.tag>").matcher(pom);
		assertThat(tag.find()).as("strata.image.tag in the root pom.xml").isTrue();
		assertThat(pom).contains("/strata-${project.artifactId}:${strata.image.tag}</image>");
		assertThat(image("gateway")).endsWith(":" + tag.group(1));
		assertThat(Files.readString(Repo.path("deploy/helm/strata/Chart.yaml")))
			.contains("appVersion: \"" + tag.group(1) + "\"");
	}

	@Test
	void everythingHasAHealthcheckAndWaitsForHealthyDependencies() {
		services.forEach((name, service) -> {
			if (name.equals("certs")) {
				return; // one-shot: nothing to check while it runs, and it needs nothing
			}
			assertThat(service.get("healthcheck")).as(name).isEqualTo(true);
			Map<String, String> others = new java.util.HashMap<>(dependsOn(name));
			others.remove("certs");
			assertThat(others.values()).as(name).allMatch("service_healthy"::equals);
		});
		assertThat(dependsOn("certs")).isEmpty();
		assertThat(dependsOn("gateway")).containsKeys("identity", "workflow", "analytics", "ml", "notification");
		assertThat(dependsOn("analytics")).containsKeys("elasticsearch", "kafka", "ml");
		assertThat(environment("analytics")).containsEntry("STRATA_ML_GRPC", "ml:9084");
		assertThat(dependsOn("identity")).containsOnlyKeys("certs", "postgres", "kafka");
	}

	@Test
	void onlyTheGatewayIsPublished() {
		services.forEach((name, service) -> {
			if (!name.equals("gateway")) {
				assertThat(service.get("published")).as(name).isNull();
			}
		});
		assertThat(services.get("gateway").get("published")).isEqualTo(List.of("8080", "9080"));
	}

	@Test
	void theServicesAreConfiguredWithTheVariablesOfStrataUp() throws Exception {
		// the connection settings ./strata up hands the services
		// (local-stack/lib/servers.sh stack_env)
		Set<String> stackEnv = new java.util.TreeSet<>();
		Matcher matcher = Pattern.compile("^(STRATA_[A-Z_]+)=", Pattern.MULTILINE)
			.matcher(Files.readString(Repo.path("local-stack/lib/servers.sh")));
		while (matcher.find()) {
			stackEnv.add(matcher.group(1));
		}
		assertThat(stackEnv).contains("STRATA_PG_HOST", "STRATA_KAFKA", "STRATA_ELASTICSEARCH");
		Set<String> used = new java.util.TreeSet<>();
		for (String service : List.of("gateway", "identity", "workflow", "analytics", "ml", "notification")) {
			used.addAll(environment(service).keySet());
		}
		assertThat(used).containsAll(stackEnv);
		assertThat(environment("analytics")).containsEntry("STRATA_ELASTICSEARCH", "http://elasticsearch:9200");
		assertThat(environment("workflow")).containsEntry("STRATA_PG_DATABASE", "workflow");
		assertThat(environment("gateway")).containsEntry("STRATA_WORKFLOW_GRPC", "workflow:9082");
	}

	/**
	 * Mutual TLS as under ./strata up and in the chart: every service has it on with the
	 * files of its own certificate volume (mounted read-only where the chart mounts its
	 * Secret), and starts only after certs has issued them.
	 */
	@Test
	void everyServiceRunsMutualTlsWithTheCertificateOfItsOwnVolume() {
		for (String service : STRATA) {
			Map<String, String> env = environment(service);
			assertThat(env).as(service)
				.containsEntry("STRATA_MTLS_ENABLED", "true")
				.containsEntry("STRATA_MTLS_CERTIFICATE", "/etc/strata/tls/tls.crt")
				.containsEntry("STRATA_MTLS_PRIVATEKEY", "/etc/strata/tls/tls.key")
				.containsEntry("STRATA_MTLS_TRUSTBUNDLE", "/etc/strata/tls/ca.crt")
				.containsEntry("STRATA_MTLS_SPIFFEID", "spiffe://strata.local/ns/strata/sa/" + service + "-service");
			assertThat(mounts(service)).as(service)
				.contains(new Mount("volume", service + "-tls", "/etc/strata/tls", true));
			assertThat(dependsOn(service)).as(service).containsEntry("certs", "service_completed_successfully");
			// no service sees another's key or the CA's
			services.keySet()
				.stream()
				.filter((other) -> !other.equals(service) && !other.equals("certs"))
				.forEach((other) -> assertThat(mounts(other)).as(other)
					.noneMatch(
							(mount) -> mount.source().equals(service + "-tls") || mount.source().equals("certs-ca")));
		}
		// the gateway and every resource server call the others over HTTPS (the
		// management
		// ports stay plain HTTP, for health probes)
		assertThat(environment("gateway").get("STRATA_SECURITY_JWKS_URI"))
			.isEqualTo("https://identity:8081/oauth2/jwks");
		for (String callee : List.of("identity", "workflow", "analytics", "ml", "notification")) {
			assertThat(environment("gateway").get("STRATA_" + callee.toUpperCase() + "_URL"))
				.startsWith("https://" + callee + ":");
			assertThat(environment("gateway").get("STRATA_" + callee.toUpperCase() + "_MANAGEMENT_URL"))
				.startsWith("http://" + callee + ":");
		}
	}

	/** Who may call whom: the same SPIFFE ids and caller lists the chart renders. */
	@Test
	void theMutualTlsSettingsAreTheCharts() {
		List<Map<String, Object>> configMaps = Chart.ofKind(Chart.documents(Chart.template(null, Map.of())),
				"ConfigMap");
		for (String service : STRATA) {
			Map<String, Object> chart = configMaps.stream()
				.filter((map) -> Chart.name(map).equals(Chart.RELEASE + "-" + service))
				.findFirst()
				.map((map) -> Chart.<Map<String, Object>>at(map, "data"))
				.orElseThrow();
			Map<String, Object> chartMtls = new java.util.TreeMap<>(chart);
			chartMtls.keySet().removeIf((key) -> !key.startsWith("STRATA_MTLS_"));
			Map<String, Object> composeMtls = new java.util.TreeMap<>(environment(service));
			composeMtls.keySet().removeIf((key) -> !key.startsWith("STRATA_MTLS_"));
			assertThat(chartMtls).as("the chart's mTLS settings of " + service).isNotEmpty();
			assertThat(composeMtls).as(service).isEqualTo(chartMtls);
		}
	}

	/**
	 * The one-shot issuer writes each service's certificate, with the SPIFFE id and
	 * compose host name the services expect, into the volume that service mounts, owned
	 * by the services' user; the CA stays in a volume of its own.
	 */
	@Test
	void certsIssuesEachServiceItsCertificateIntoItsVolume() {
		Map<String, Object> certs = services.get("certs");
		assertThat(certs.get("entrypoint")).asList().contains("io.strata.platform.mtls.ServiceCertificates");
		assertThat(image("certs")).isEqualTo(image("gateway"));
		assertThat(certs.get("restart")).isEqualTo("no");
		assertThat(certs.get("read_only")).isEqualTo(true);
		assertThat(certs.get("cap_drop")).isEqualTo(List.of("ALL"));
		assertThat(certs.get("cap_add")).isEqualTo(List.of("CHOWN"));
		@SuppressWarnings("unchecked")
		List<String> command = (List<String>) certs.get("command");
		assertThat(command).contains("--owner=" + services.get("gateway").get("user"));
		List<String> positional = command.stream().filter((arg) -> !arg.startsWith("--")).toList();
		assertThat(positional.subList(0, 2)).containsExactly("/certs", "strata");
		assertThat(positional.subList(2, positional.size())).containsExactlyInAnyOrderElementsOf(
				STRATA.stream().map((service) -> service + "-service=" + service).toList());
		assertThat(mounts("certs")).contains(new Mount("volume", "certs-ca", "/certs/ca", false));
		for (String service : STRATA) {
			assertThat(mounts("certs"))
				.contains(new Mount("volume", service + "-tls", "/certs/" + service + "-service", false));
		}
	}

	/**
	 * With deploy/compose/external-stores.yml the bundled stores are left out and the
	 * services address the managed ones through ./strata up's variables; a missing one
	 * stops compose, naming it.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void externalStoresLeaveTheBundledStoresOut() throws Exception {
		List<String> external = List.of("STRATA_PG_HOST=pg.example", "STRATA_PG_DATABASE_PREFIX=staging_",
				"STRATA_REDIS_HOST=redis.example", "STRATA_KAFKA=kafka.example:9092",
				"STRATA_ELASTICSEARCH=https://es.example:9200", "STRATA_S3_ENDPOINT=https://s3.example");
		List<String> command = new java.util.ArrayList<>(List.of("env"));
		command.addAll(external);
		command.addAll(List.of(Repo.tools().resolve(TOOL).toString(), "docker-compose.yml",
				"deploy/compose/external-stores.yml"));
		Repo.Result result = Repo.run(Duration.ofMinutes(1), Repo.root(), null, command)
			.requireSuccess("compose-check with external-stores.yml");
		Map<String, Object> document = new Yaml().load(result.output());
		Map<String, Map<String, Object>> loaded = (Map<String, Map<String, Object>>) document.get("services");
		assertThat(loaded).containsOnlyKeys("certs", "gateway", "identity", "workflow", "analytics", "ml",
				"notification");
		Map<String, String> identity = (Map<String, String>) loaded.get("identity").get("environment");
		assertThat(identity).containsEntry("STRATA_PG_HOST", "pg.example")
			.containsEntry("STRATA_PG_DATABASE", "staging_identity")
			.containsEntry("STRATA_KAFKA", "kafka.example:9092")
			.containsEntry("STRATA_MTLS_ENABLED", "true");
		assertThat((Map<String, String>) loaded.get("analytics").get("environment"))
			.containsEntry("STRATA_ELASTICSEARCH", "https://es.example:9200");
		assertThat((Map<String, String>) loaded.get("ml").get("environment"))
			.containsEntry("STRATA_S3_ENDPOINT", "https://s3.example")
			.containsEntry("STRATA_REDIS_HOST", "redis.example");
		assertThat((Map<String, String>) loaded.get("gateway").get("depends_on"))
			.containsEntry("certs", "service_completed_successfully")
			.containsEntry("identity", "service_healthy");

		// unset, not only left out: ./strata test exports the stack's STRATA_KAFKA to its
		// children
		command.removeIf((arg) -> arg.startsWith("STRATA_KAFKA="));
		command.addAll(1, List.of("-u", "STRATA_KAFKA"));
		Repo.Result missing = Repo.run(Duration.ofMinutes(1), Repo.root(), null, command);
		assertThat(missing.exitCode()).isNotZero();
		assertThat(missing.output()).contains("required variable STRATA_KAFKA is missing a value");
	}

	@Test
	void aBrokenComposeFileIsRejected(@TempDir Path dir) throws Exception {
		Path broken = dir.resolve("docker-compose.yml");
		Files.writeString(broken, Files.readString(Repo.path("docker-compose.yml"))
			.replace("condition: service_healthy", "condition: service_ready"));
		Repo.Result result = Repo.run(Duration.ofMinutes(1), dir, null,
				List.of(Repo.tools().resolve(TOOL).toString(), broken.toString()));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("depends_on").contains("condition value must be one of");
	}

	static final List<String> STRATA = List.of("gateway", "identity", "workflow", "analytics", "ml", "notification");

	record Mount(String type, String source, String target, boolean readOnly) {
	}

	@SuppressWarnings("unchecked")
	private static List<Mount> mounts(String service) {
		List<Map<String, Object>> mounts = (List<Map<String, Object>>) services.get(service).get("mounts");
		return (mounts == null) ? List.of()
				: mounts.stream()
					.map((m) -> new Mount((String) m.get("type"), (String) m.get("source"), (String) m.get("target"),
							Boolean.TRUE.equals(m.get("read_only"))))
					.toList();
	}

	private static String image(String service) {
		return (String) services.get(service).get("image");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> dependsOn(String service) {
		return (Map<String, String>) services.get(service).get("depends_on");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> environment(String service) {
		return (Map<String, String>) services.get(service).get("environment");
	}

}
