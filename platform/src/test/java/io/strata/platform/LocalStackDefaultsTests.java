package io.strata.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.strata.testsupport.Server;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' defaults for the servers' addresses are the ports test-support (and the
 * launcher) default to, and their own ports are the ones the launcher starts them on: the
 * root pom's strata.port.*, filtered into strata-platform.yml.
 */
class LocalStackDefaultsTests {

	private static final List<String> SERVICES = List.of("identity", "workflow", "analytics", "ml", "notification");

	@Test
	void strataPlatformYmlNamesTheRootPomsPorts() throws Exception {
		PropertySource<?> defaults = strataPlatformYml();
		assertThat(value(defaults, "postgres-port")).isEqualTo(String.valueOf(Server.POSTGRES.defaultPort()));
		assertThat(value(defaults, "redis-port")).isEqualTo(String.valueOf(Server.REDIS.defaultPort()));
		assertThat(value(defaults, "kafka")).isEqualTo("127.0.0.1:" + Server.KAFKA.defaultPort());
		assertThat(value(defaults, "elasticsearch"))
			.isEqualTo("http://127.0.0.1:" + Server.ELASTICSEARCH.defaultPort());
		assertThat(value(defaults, "s3")).isEqualTo("http://127.0.0.1:" + Server.S3.defaultPort());
	}

	@Test
	void theServersPortsAreTheRootPomsToo() throws Exception {
		PropertySource<?> defaults = strataPlatformYml();
		Map<String, String> pom = rootPomPorts();
		assertThat(value(defaults, "postgres-port")).isEqualTo(pom.get("postgres"));
		assertThat(value(defaults, "redis-port")).isEqualTo(pom.get("redis"));
		assertThat(value(defaults, "kafka")).isEqualTo("127.0.0.1:" + pom.get("kafka"));
		assertThat(value(defaults, "elasticsearch")).isEqualTo("http://127.0.0.1:" + pom.get("elasticsearch"));
		assertThat(value(defaults, "s3")).isEqualTo("http://127.0.0.1:" + pom.get("s3"));
	}

	@Test
	void theServicesPortsAreTheRootPoms() throws Exception {
		PropertySource<?> defaults = strataPlatformYml();
		Map<String, String> pom = rootPomPorts();
		assertThat(value(defaults, "gateway-port")).isEqualTo(pom.get("gateway")).matches("\\d+");
		assertThat(value(defaults, "gateway-management-port")).isEqualTo(pom.get("gateway-management")).matches("\\d+");
		for (String service : SERVICES) {
			assertThat(value(defaults, service + "-port")).as(service).isEqualTo(pom.get(service)).matches("\\d+");
			assertThat(value(defaults, service + "-grpc-port")).as(service)
				.isEqualTo(pom.get(service + "-grpc"))
				.matches("\\d+");
		}
	}

	@Test
	void theGatewaysAddressAndIdentitysKeysDefaultToThoseServicesPorts() throws Exception {
		MutablePropertySources sources = new MutablePropertySources();
		// the yml alone: as when neither STRATA_PUBLIC_URL nor STRATA_SECURITY_JWKS_URI
		// is set
		sources.addLast(strataPlatformYml());
		PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(sources);
		Map<String, String> pom = rootPomPorts();
		assertThat(resolver.getProperty("strata.public-url")).isEqualTo("http://localhost:" + pom.get("gateway"));
		assertThat(resolver.getProperty("strata.security.jwks-uri"))
			.isEqualTo("http://127.0.0.1:" + pom.get("identity") + "/oauth2/jwks");
	}

	private static PropertySource<?> strataPlatformYml() throws Exception {
		return new YamlPropertySourceLoader().load("strata-platform", new ClassPathResource("strata-platform.yml"))
			.get(0);
	}

	/** The root pom.xml's strata.port.* properties, by the name after strata.port. */
	private static Map<String, String> rootPomPorts() throws Exception {
		String pom = Files.readString(Path.of("..", "pom.xml"));
		Matcher matcher = Pattern.compile("<strata\\.port\\.([a-z0-9-]+)>([^<]*)</strata\\.port\\.\\1>").matcher(pom);
		Map<String, String> ports = matcher.results()
			.collect(Collectors.toMap((result) -> result.group(1), (result) -> result.group(2)));
		assertThat(ports).as("strata.port.* in the root pom.xml").isNotEmpty();
		return ports;
	}

	private static String value(PropertySource<?> source, String name) {
		return String.valueOf(source.getProperty("strata.local-stack." + name));
	}

}
