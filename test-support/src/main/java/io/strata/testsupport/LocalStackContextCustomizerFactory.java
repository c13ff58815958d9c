package io.strata.testsupport;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies {@link StrataServers}: checks the servers answer and hands their connection
 * details to Spring Boot.
 */
class LocalStackContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		MergedAnnotation<StrataServers> annotation = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
			.get(StrataServers.class);
		if (!annotation.isPresent()) {
			return null;
		}
		return new LocalStackContextCustomizer(EnumSet.copyOf(Arrays.asList(annotation.synthesize().value())));
	}

	record LocalStackContextCustomizer(Set<Server> servers) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			this.servers.forEach(LocalStack::require);
			String isolation = UUID.randomUUID().toString().substring(0, 8);
			Map<String, Object> properties = new HashMap<>();
			// tests run beside each other and beside a running platform: never take a
			// fixed gRPC port
			properties.put("spring.grpc.server.port", 0);
			if (this.servers.contains(Server.POSTGRES)) {
				String database = LocalStack.createDatabase(config.getTestClass().getSimpleName());
				properties.put("spring.datasource.url", LocalStack.jdbcUrl(database));
				properties.put("spring.datasource.username", LocalStack.postgresUser());
				properties.put("spring.datasource.password", LocalStack.postgresPassword());
			}
			if (this.servers.contains(Server.REDIS)) {
				properties.put("spring.data.redis.host", LocalStack.host(Server.REDIS));
				properties.put("spring.data.redis.port", LocalStack.port(Server.REDIS));
			}
			if (this.servers.contains(Server.KAFKA)) {
				properties.put("spring.kafka.bootstrap-servers", LocalStack.address(Server.KAFKA));
				properties.put("strata.kafka.topic-prefix", "t" + isolation + ".");
			}
			if (this.servers.contains(Server.ELASTICSEARCH)) {
				properties.put("spring.elasticsearch.uris", LocalStack.httpUrl(Server.ELASTICSEARCH));
				properties.put("strata.elasticsearch.index-prefix", "t" + isolation + "-");
			}
			if (this.servers.contains(Server.S3)) {
				properties.put("strata.s3.endpoint", LocalStack.httpUrl(Server.S3));
				properties.put("strata.s3.bucket-prefix", "t" + isolation + "-");
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("strataLocalStack", properties));
		}

	}

}
