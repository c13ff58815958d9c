package io.strata.platform;

import java.util.List;

import io.strata.testsupport.Server;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' defaults for the servers' addresses are the ports test-support (and the
 * launcher) default to: the root pom's, filtered into strata-platform.yml.
 */
class LocalStackDefaultsTests {

	@Test
	void strataPlatformYmlNamesTheRootPomsPorts() throws Exception {
		List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("strata-platform",
				new ClassPathResource("strata-platform.yml"));
		PropertySource<?> defaults = documents.get(0);
		assertThat(value(defaults, "postgres-port")).isEqualTo(String.valueOf(Server.POSTGRES.defaultPort()));
		assertThat(value(defaults, "redis-port")).isEqualTo(String.valueOf(Server.REDIS.defaultPort()));
		assertThat(value(defaults, "kafka")).isEqualTo("127.0.0.1:" + Server.KAFKA.defaultPort());
		assertThat(value(defaults, "elasticsearch"))
			.isEqualTo("http://127.0.0.1:" + Server.ELASTICSEARCH.defaultPort());
		assertThat(value(defaults, "s3")).isEqualTo("http://127.0.0.1:" + Server.S3.defaultPort());
	}

	private static String value(PropertySource<?> source, String name) {
		return String.valueOf(source.getProperty("strata.local-stack." + name));
	}

}
