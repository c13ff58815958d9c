package io.strata.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders deploy/helm/strata with Helm (helm-java: Helm's Go code inside the JVM).
 */
final class Chart {

	static final Path DIR = Repo.path("deploy/helm/strata");

	static final String NAMESPACE = "strata";

	static final String RELEASE = "strata";

	private Chart() {
	}

	/** The rendered manifests for the chart's defaults plus the given values file. */
	static String template(String valuesFile, Map<String, Object> set) {
		TemplateCommand template = new Helm(DIR).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion("1.34.0");
		if (valuesFile != null) {
			template = template.withValuesFile(DIR.resolve(valuesFile));
		}
		for (Map.Entry<String, Object> entry : set.entrySet()) {
			template = template.set(entry.getKey(), entry.getValue());
		}
		return template.call();
	}

	/** YAML documents parsed, empty ones dropped. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> documents(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(64 * 1024 * 1024);
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(options).loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
		return documents.stream().filter((document) -> kind.equals(document.get("kind"))).toList();
	}

	/** The value at a dotted path of maps ("spec.template.spec"), or null. */
	@SuppressWarnings("unchecked")
	static <T> T at(Object node, String path) {
		Object current = node;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return (T) current;
	}

	static String name(Map<String, Object> document) {
		return Objects.requireNonNull(at(document, "metadata.name"));
	}

}
