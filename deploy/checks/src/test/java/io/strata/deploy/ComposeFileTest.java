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
		assertThat(services).containsOnlyKeys("postgres", "redis", "kafka", "elasticsearch", "s3", "gateway",
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
			assertThat(service.get("healthcheck")).as(name).isEqualTo(true);
			@SuppressWarnings("unchecked")
			Map<String, String> dependsOn = (Map<String, String>) service.get("depends_on");
			assertThat(dependsOn.values()).as(name).allMatch("service_healthy"::equals);
		});
		assertThat(dependsOn("gateway")).containsKeys("identity", "workflow", "analytics", "ml", "notification");
		assertThat(dependsOn("analytics")).containsKeys("elasticsearch", "kafka", "ml");
		assertThat(environment("analytics")).containsEntry("STRATA_ML_GRPC", "ml:9084");
		assertThat(dependsOn("identity")).containsOnlyKeys("postgres", "kafka");
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
