package io.strata.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's rendered manifests and the Argo CD manifests, applied with server-side dry
 * run (strict field validation) to a real kube-apiserver that has the CRDs of
 * deploy/crds. Skipped, saying so, when deploy/tools/build-kube.sh has not built the
 * binaries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesDryRunTest {

	private KubeApiServer kube;

	@BeforeAll
	void startApiServer() throws Exception {
		this.kube = KubeApiServer.start();
		try (Stream<Path> crds = Files.list(Repo.path("deploy/crds"))) {
			for (Path crd : crds.filter((p) -> p.toString().endsWith(".yaml")).sorted().toList()) {
				this.kube.kubectl(null, "apply", "--server-side", "-f", crd.toString()).requireSuccess("CRD " + crd);
			}
		}
		this.kube.kubectl(null, "wait", "--for=condition=Established", "crd", "--all", "--timeout=90s")
			.requireSuccess("CRDs established");
		for (String namespace : List.of(Chart.NAMESPACE, "argocd", "strata-dev", "strata-staging", "strata-prod")) {
			this.kube.kubectl(null, "create", "namespace", namespace).requireSuccess("namespace " + namespace);
		}
	}

	@AfterAll
	void stopApiServer() throws Exception {
		if (this.kube != null) {
			this.kube.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ci/production-values.yaml", "ci/minimal-values.yaml", "../../argocd/values/dev.yaml",
			"../../argocd/values/staging.yaml", "../../argocd/values/prod.yaml" })
	void chartAppliesWithServerSideDryRun(String valuesFile) throws Exception {
		// the migration Jobs are Helm hooks, left out by `helm template`: render them as
		// plain Jobs too
		String manifests = Chart.template(valuesFile.isEmpty() ? null : valuesFile,
				Map.of("migrations.helmHook", "false"));
		int objects = Chart.documents(manifests).size();
		Repo.Result result = dryRun(manifests, Chart.NAMESPACE);
		System.out.println("dry run (" + (valuesFile.isEmpty() ? "default values" : valuesFile) + "): " + objects
				+ " objects accepted by kube-apiserver " + KubeApiServer.VERSION);
		assertThat(result.output()).contains("deployment.apps/strata-gateway serverside-applied (server dry run)");
		assertThat(result.output().lines().filter((line) -> line.contains("(server dry run)")).count())
			.isEqualTo(objects);
	}

	@Test
	void argoCdManifestsApplyAgainstTheArgoCdSchemas() throws Exception {
		String manifests = Files.readString(Repo.path("deploy/argocd/project.yaml")) + "\n---\n"
				+ Files.readString(Repo.path("deploy/argocd/applicationset.yaml"));
		Repo.Result result = dryRun(manifests, "argocd");
		assertThat(result.output()).contains("appproject.argoproj.io/strata serverside-applied (server dry run)")
			.contains("applicationset.argoproj.io/strata serverside-applied (server dry run)");
	}

	@Test
	void theApiServerRejectsWhatItShould() throws Exception {
		// proves the dry run validates: an unknown field and a wrong type in a Strata
		// object fail
		String manifests = Chart.template(null, Map.of())
			.replace("  revisionHistoryLimit: 5", "  revisionHistoryLimit: five")
			.replace("  maxUnavailable: 1\n  selector:", "  maxUnavailable: 1\n  unknownField: true\n  selector:");
		Repo.Result result = this.kube.kubectl(manifests, "apply", "--server-side", "--dry-run=server",
				"--validate=strict", "-n", Chart.NAMESPACE, "-f", "-");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("revisionHistoryLimit").contains("unknownField");
		String badApplication = """
				apiVersion: argoproj.io/v1alpha1
				kind: Application
				metadata:
				  name: broken
				  namespace: argocd
				spec:
				  project: strata
				  destination: {server: https://kubernetes.default.svc, namespace: strata-dev}
				  source: {repoURL: https://example.com/x.git, path: deploy, targetRevision: main}
				  syncPolicy: {automated: {selfHeal: "sometimes"}}
				""";
		Repo.Result argo = this.kube.kubectl(badApplication, "apply", "--server-side", "--dry-run=server",
				"--validate=strict", "-f", "-");
		assertThat(argo.exitCode()).isNotZero();
		assertThat(argo.output()).contains("selfHeal");
	}

	private Repo.Result dryRun(String manifests, String namespace) throws Exception {
		return this.kube
			.kubectl(manifests, "apply", "--server-side", "--dry-run=server", "--validate=strict",
					"--field-manager=strata-deploy-check", "-n", namespace, "-f", "-")
			.requireSuccess("server-side dry run in " + namespace);
	}

}
