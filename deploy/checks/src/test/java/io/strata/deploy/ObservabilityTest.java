package io.strata.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/observability: promtool checks the rules and runs their unit tests; the
 * dashboards and rules use only metrics the services export.
 */
class ObservabilityTest {

	static final String TOOL = "promtool-v0.316.0/promtool";

	static final String BUILD = "deploy/tools/build-tools.sh promtool";

	private static final Path PROMETHEUS = Repo.path("deploy/observability/prometheus");

	private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{|\\[)");

	@Test
	void promtoolChecksTheRules() throws Exception {
		Path promtool = Repo.requireTool(TOOL, BUILD);
		Repo.Result result = Repo
			.run(Duration.ofMinutes(1), PROMETHEUS, null,
					List.of(promtool.toString(), "check", "rules", "strata-rules.yml"))
			.requireSuccess("promtool check rules");
		System.out.println("promtool check rules: " + result.output().trim().replace('\n', ' '));
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void promtoolRunsTheRuleUnitTests() throws Exception {
		Path promtool = Repo.requireTool(TOOL, BUILD);
		Repo.Result result = Repo
			.run(Duration.ofMinutes(2), PROMETHEUS, null,
					List.of(promtool.toString(), "test", "rules", "strata-rules.test.yml"))
			.requireSuccess("promtool test rules");
		System.out.println("promtool test rules: " + result.output().trim().replace('\n', ' '));
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void dashboardsAndRulesUseExportedMetrics() throws Exception {
		Set<String> exported = new TreeSet<>();
		for (String line : Files.readAllLines(Repo.path("deploy/observability/exported-metrics.txt"))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				exported.add(line.trim());
			}
		}
		exported.addAll(declaredMeters());
		List<String> expressions = new ArrayList<>();
		try (Stream<Path> dashboards = Files.list(Repo.path("deploy/observability/grafana/dashboards"))) {
			for (Path dashboard : dashboards.filter((p) -> p.toString().endsWith(".json")).toList()) {
				Map<String, Object> json = new Yaml().load(Files.readString(dashboard));
				assertThat(json).containsKeys("uid", "title", "panels");
				for (Object panel : (List<?>) json.get("panels")) {
					for (Object target : (List<?>) ((Map<?, ?>) panel).get("targets")) {
						expressions.add((String) ((Map<?, ?>) target).get("expr"));
					}
				}
			}
		}
		Map<String, Object> rules = new Yaml().load(Files.readString(PROMETHEUS.resolve("strata-rules.yml")));
		Set<String> recorded = new TreeSet<>();
		for (Object group : (List<?>) rules.get("groups")) {
			for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
				Map<?, ?> r = (Map<?, ?>) rule;
				expressions.add(String.valueOf(r.get("expr")));
				if (r.get("record") != null) {
					recorded.add((String) r.get("record"));
				}
			}
		}
		assertThat(expressions).hasSizeGreaterThan(20);
		Set<String> unknown = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = METRIC.matcher(expression);
			while (matcher.find()) {
				String name = matcher.group(1);
				if (Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "up").contains(name)
						|| recorded.contains(name) || exported.contains(name)
						|| (name.endsWith("_bucket") && exported.contains(name.replaceAll("_bucket$", "_count")))) {
					continue;
				}
				unknown.add(name);
			}
		}
		assertThat(unknown).as("metrics no service exports (deploy/observability/exported-metrics.txt)").isEmpty();
	}

	/**
	 * Meters the services' code registers on first use (absent from a capture until
	 * then), in Prometheus' names: Counter "a.b" is a_b_total, Timer "a.b"
	 * a_b_seconds_count/_sum/_max.
	 */
	private static Set<String> declaredMeters() throws Exception {
		Set<String> names = new TreeSet<>();
		Pattern builder = Pattern.compile("(Counter|Timer)\\.builder\\(\"([a-z0-9.]+)\"\\)");
		List<Path> roots = new ArrayList<>();
		try (Stream<Path> modules = Files.list(Repo.root())) {
			modules.map((module) -> module.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
		}
		for (Path root : roots) {
			try (Stream<Path> sources = Files.walk(root)) {
				for (Path source : sources.filter((p) -> p.toString().endsWith(".java")).toList()) {
					Matcher matcher = builder.matcher(Files.readString(source));
					while (matcher.find()) {
						String base = matcher.group(2).replace('.', '_');
						if (matcher.group(1).equals("Counter")) {
							names.add(base + "_total");
						}
						else {
							names
								.addAll(List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max"));
						}
					}
				}
			}
		}
		return names;
	}

	@Test
	void theChartShipsTheSameRulesAndDashboards() throws Exception {
		Path chartFiles = Repo.path("deploy/helm/strata/files");
		assertThat(Files.readString(chartFiles.resolve("strata-rules.yml")))
			.isEqualTo(Files.readString(PROMETHEUS.resolve("strata-rules.yml")));
		assertThat(chartFiles.resolve("dashboards").toRealPath())
			.isEqualTo(Repo.path("deploy/observability/grafana/dashboards").toRealPath());
	}

}
