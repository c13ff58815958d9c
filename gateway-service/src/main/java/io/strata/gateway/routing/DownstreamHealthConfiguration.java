package io.strata.gateway.routing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reports the readiness of every downstream service under the gateway's {@code services}
 * health component, so that one request to the gateway shows the whole platform. It is
 * not part of the gateway's own readiness: a service being down must not take the edge
 * out of rotation.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamHealthConfiguration {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Bean
	CompositeReactiveHealthContributor servicesHealthContributor(DownstreamServices downstream) {
		WebClient client = WebClient.create();
		Map<String, ReactiveHealthIndicator> indicators = new LinkedHashMap<>();
		downstream.actuators()
			.forEach((name, uri) -> indicators.put(name,
					() -> readiness(client, uri.resolve("/actuator/health/readiness").toString())));
		return CompositeReactiveHealthContributor.fromMap(indicators);
	}

	private static Mono<Health> readiness(WebClient client, String url) {
		return client.get()
			.uri(url)
			.exchangeToMono((response) -> Mono.just(response.statusCode().is2xxSuccessful()
					? Health.up().withDetail("url", url).build()
					: Health.down().withDetail("url", url).withDetail("status", response.statusCode().value()).build()))
			.timeout(TIMEOUT)
			.onErrorResume(
					(ex) -> Mono.just(Health.down().withDetail("url", url).withDetail("error", ex.toString()).build()));
	}

}
