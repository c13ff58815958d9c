package io.strata.analytics.search;

import java.util.Arrays;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Elasticsearch client. Spring Boot 4 auto-configures the 9.x client, which
 * Elasticsearch 8 refuses; this service pins the 8.19 client that matches the server and
 * wires it here.
 */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

	@Bean(destroyMethod = "close")
	RestClient elasticsearchRestClient(@Value("${strata.elasticsearch.uris}") String uris) {
		HttpHost[] hosts = Arrays.stream(uris.split(","))
			.map(String::trim)
			.map(HttpHost::create)
			.toArray(HttpHost[]::new);
		return RestClient.builder(hosts).build();
	}

	@Bean
	ElasticsearchClient elasticsearchClient(RestClient restClient) {
		return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
	}

	@Bean
	Elastic elastic(RestClient restClient) {
		return new Elastic(restClient, new ObjectMapper());
	}

	@Bean
	IndexNames indexNames(@Value("${strata.elasticsearch.index-prefix:}") String prefix) {
		return new IndexNames(prefix);
	}

	@Bean
	HealthIndicator elasticsearchHealthIndicator(ElasticsearchClient client) {
		return () -> {
			try {
				HealthResponse health = client.cluster().health();
				// a single node never gets its replicas assigned: yellow is healthy here
				Health.Builder builder = (health.status() == HealthStatus.Red) ? Health.down() : Health.up();
				return builder.withDetail("cluster", health.clusterName())
					.withDetail("status", health.status().jsonValue())
					.build();
			}
			catch (Exception ex) {
				return Health.down(ex).build();
			}
		};
	}

}
