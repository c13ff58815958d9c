package io.strata.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart: strict lint, the rendered objects for the default, production and
 * minimal values, and values.schema.json rejecting wrong values.
 */
class HelmChartTest {

	private static final List<String> SERVICES = List.of("gateway", "identity", "workflow", "analytics", "ml",
			"notification");

	@Test
	void lintsStrictly() {
		LintResult result = new Helm(Chart.DIR).lint().strict().call();
		System.out.println("helm lint --strict: " + result.getMessages());
		assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages())
			.noneMatch((message) -> message.contains("[WARNING]") || message.contains("[ERROR]"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ci/production-values.yaml", "ci/minimal-values.yaml" })
	void everyServiceIsAHardenedDeploymentWithProbes(String valuesFile) {
		List<Map<String, Object>> documents = Chart
			.documents(Chart.template(valuesFile.isEmpty() ? null : valuesFile, Map.of()));
		List<Map<String, Object>> deployments = Chart.ofKind(documents, "Deployment");
		assertThat(deployments).extracting(Chart::name)
			.containsExactlyInAnyOrderElementsOf(SERVICES.stream().map((s) -> "strata-" + s).toList());
		for (Map<String, Object> deployment : deployments) {
			String name = Chart.name(deployment);
			Map<String, Object> pod = Chart.at(deployment, "spec.template.spec");
			assertThat(Chart.<Boolean>at(pod, "securityContext.runAsNonRoot")).as(name).isTrue();
			List<Map<String, Object>> containers = Chart.at(pod, "containers");
			assertThat(containers).hasSize(1);
			Map<String, Object> container = containers.get(0);
			assertThat(Chart.<Boolean>at(container, "securityContext.readOnlyRootFilesystem")).as(name).isTrue();
			assertThat(Chart.<Boolean>at(container, "securityContext.allowPrivilegeEscalation")).as(name).isFalse();
			assertThat(Chart.<List<String>>at(container, "securityContext.capabilities.drop")).as(name)
				.containsExactly("ALL");
			assertThat(Chart.<String>at(container, "livenessProbe.httpGet.path"))
				.isEqualTo("/actuator/health/liveness");
			assertThat(Chart.<String>at(container, "readinessProbe.httpGet.path"))
				.isEqualTo("/actuator/health/readiness");
			assertThat(Chart.<String>at(container, "startupProbe.httpGet.port")).isEqualTo("management");
			assertThat(Chart.<Object>at(container, "resources.requests.memory")).as(name).isNotNull();
		}
		// every Deployment's ConfigMap and ServiceAccount exist
		Set<String> configMaps = names(documents, "ConfigMap");
		Set<String> serviceAccounts = names(documents, "ServiceAccount");
		for (Map<String, Object> deployment : deployments) {
			assertThat(configMaps).contains(Chart.name(deployment));
			assertThat(serviceAccounts).contains(Chart.<String>at(deployment, "spec.template.spec.serviceAccountName"));
		}
		// migrations run as Helm hooks, which `helm template` (helm-java) leaves out of
		// the manifest
		assertThat(Chart.ofKind(documents, "Job")).isEmpty();
	}

	@Test
	void migrationsRunForThePostgresDatabasesBeforeTheServices() {
		List<Map<String, Object>> jobs = Chart
			.ofKind(Chart.documents(Chart.template(null, Map.of("migrations.helmHook", "false"))), "Job");
		assertThat(jobs).extracting(Chart::name)
			.containsExactlyInAnyOrder("strata-identity-migrate", "strata-workflow-migrate",
					"strata-notification-migrate");
		for (Map<String, Object> job : jobs) {
			Map<String, String> annotations = Chart.at(job, "metadata.annotations");
			assertThat(annotations).containsEntry("argocd.argoproj.io/hook", "PreSync")
				.containsEntry("argocd.argoproj.io/sync-wave", "-1");
			List<Map<String, Object>> containers = Chart.at(job, "spec.template.spec.containers");
			assertThat(String.valueOf(containers.get(0).get("env"))).contains("SPRING_PROFILES_ACTIVE, value=migrate")
				.contains("STRATA_PG_PASSWORD");
		}
	}

	@Test
	void defaultsScaleAndSpreadEveryService() {
		List<Map<String, Object>> documents = Chart.documents(Chart.template(null, Map.of()));
		assertThat(Chart.ofKind(documents, "HorizontalPodAutoscaler")).hasSize(6).allSatisfy((hpa) -> {
			List<Map<String, Object>> metrics = Chart.at(hpa, "spec.metrics");
			assertThat(metrics).extracting((m) -> m.get("type")).containsExactly("Resource", "Pods");
		});
		assertThat(Chart.ofKind(documents, "PodDisruptionBudget")).hasSize(6);
		assertThat(Chart.ofKind(documents, "Deployment")).allSatisfy(
				(d) -> assertThat(Chart.<List<?>>at(d, "spec.template.spec.topologySpreadConstraints")).hasSize(2));
		// the dashboards ship as ConfigMaps labelled for the Grafana sidecar
		assertThat(Chart.ofKind(documents, "ConfigMap")
			.stream()
			.filter((c) -> "1".equals(Chart.at(c, "metadata.labels.grafana_dashboard")))
			.toList()).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void minimalValuesDropTheClusterExtras() {
		List<Map<String, Object>> documents = Chart.documents(Chart.template("ci/minimal-values.yaml", Map.of()));
		assertThat(Chart.ofKind(documents, "HorizontalPodAutoscaler")).isEmpty();
		assertThat(Chart.ofKind(documents, "PodDisruptionBudget")).isEmpty();
		assertThat(Chart.ofKind(documents, "NetworkPolicy")).isEmpty();
		assertThat(Chart.ofKind(documents, "Deployment"))
			.allSatisfy((d) -> assertThat(Chart.<Integer>at(d, "spec.replicas")).isEqualTo(1));
		assertThat(Chart.ofKind(documents, "ConfigMap"))
			.allSatisfy((c) -> assertThat(Chart.<String>at(c, "data.STRATA_MTLS_ENABLED")).isIn(null, "false"));
	}

	@Test
	void productionValuesAddCertificatesMonitoringAndIngress() {
		List<Map<String, Object>> documents = Chart.documents(Chart.template("ci/production-values.yaml", Map.of()));
		assertThat(Chart.ofKind(documents, "Certificate")).hasSize(6).allSatisfy((certificate) -> {
			List<String> uris = Chart.at(certificate, "spec.uris");
			assertThat(uris).singleElement().asString().startsWith("spiffe://strata.local/ns/strata/sa/");
		});
		assertThat(Chart.ofKind(documents, "ServiceMonitor")).hasSize(6);
		assertThat(Chart.ofKind(documents, "PrometheusRule")).singleElement()
			.satisfies((rule) -> assertThat(Chart.<List<?>>at(rule, "spec.groups")).isNotEmpty());
		assertThat(Chart.ofKind(documents, "Ingress")).singleElement()
			.satisfies((ingress) -> assertThat(String.valueOf(Chart.<Object>at(ingress, "spec.rules")))
				.contains("strata-gateway"));
		Map<String, Object> gateway = Chart.ofKind(documents, "ConfigMap")
			.stream()
			.filter((c) -> Chart.name(c).equals("strata-gateway"))
			.findFirst()
			.orElseThrow();
		assertThat(Chart.<String>at(gateway, "data.STRATA_IDENTITY_URL")).isEqualTo("https://strata-identity:8081");
		assertThat(Chart.<String>at(gateway, "data.STRATA_IDENTITY_GRPC")).isEqualTo("strata-identity:9081");
	}

	@Test
	void networkPoliciesFollowTheCallGraph() {
		List<Map<String, Object>> documents = Chart.documents(Chart.template(null, Map.of()));
		Map<String, Map<String, Object>> policies = Chart.ofKind(documents, "NetworkPolicy")
			.stream()
			.collect(Collectors.toMap(Chart::name, (p) -> p));
		Map<String, Object> deny = policies.get("strata-default-deny");
		assertThat(Chart.<List<String>>at(deny, "spec.policyTypes")).containsExactly("Ingress", "Egress");
		assertThat(Chart.<Object>at(deny, "spec.ingress")).isNull();
		// only the gateway admits the ingress controller's namespace
		for (String service : SERVICES) {
			String ingress = String.valueOf(Chart.<Object>at(policies.get("strata-" + service), "spec.ingress"));
			assertThat(ingress.contains("ingress-nginx")).as(service).isEqualTo(service.equals("gateway"));
		}
		// ml is called by the gateway only; identity by every service (JWKS)
		assertThat(callers(policies.get("strata-ml"), "http")).containsExactly("gateway-service");
		assertThat(callers(policies.get("strata-identity"), "http")).containsExactlyInAnyOrder("gateway-service",
				"workflow-service", "analytics-service", "ml-service", "notification-service");
		assertThat(callers(policies.get("strata-workflow"), "grpc")).containsExactly("gateway-service");
		// analytics embeds at ml, workflow's ml.predict step predicts there
		assertThat(callers(policies.get("strata-ml"), "grpc")).containsExactlyInAnyOrder("analytics-service",
				"workflow-service");
		// ml trains on resources it reads through analytics' SearchService
		assertThat(callers(policies.get("strata-analytics"), "grpc")).containsExactlyInAnyOrder("gateway-service",
				"ml-service");
		assertThat(callers(policies.get("strata-notification"), "grpc")).containsExactly("gateway-service");
		// the internet only for notification and workflow
		for (String service : SERVICES) {
			String egress = String.valueOf(Chart.<Object>at(policies.get("strata-" + service), "spec.egress"));
			assertThat(egress.contains("0.0.0.0/0")).as(service)
				.isEqualTo(service.equals("notification") || service.equals("workflow"));
		}
	}

	@Test
	void schemaRejectsAWrongValueWithAClearMessage() {
		assertThatThrownBy(() -> Chart.template(null, Map.of("stores.postgres.port", "99999")))
			.hasMessageContaining("/stores/postgres/port")
			.hasMessageContaining("maximum");
		assertThatThrownBy(() -> Chart.template(null, Map.of("services.gateway.replicaz", "3")))
			.hasMessageContaining("replicaz");
		assertThatThrownBy(() -> Chart.template(null, Map.of("image.pullPolicy", "Sometimes")))
			.hasMessageContaining("/image/pullPolicy");
		assertThatThrownBy(() -> Chart.template(null, Map.of("stores.kafka.bootstrapServers", "kafka")))
			.hasMessageContaining("bootstrapServers");
	}

	@SuppressWarnings("unchecked")
	private static Set<String> callers(Map<String, Object> policy, String port) {
		List<Map<String, Object>> rules = Chart.at(policy, "spec.ingress");
		return rules.stream()
			.filter((rule) -> String.valueOf(rule.get("ports")).contains("port=" + port + "}"))
			.flatMap((rule) -> ((List<Map<String, Object>>) rule.get("from")).stream())
			.map((peer) -> Chart.<Map<String, String>>at(peer, "podSelector.matchLabels"))
			.map((labels) -> labels.get("app.kubernetes.io/name"))
			.collect(Collectors.toSet());
	}

	private static Set<String> names(List<Map<String, Object>> documents, String kind) {
		return Chart.ofKind(documents, kind).stream().map(Chart::name).collect(Collectors.toSet());
	}

}
