package io.strata.workflow.engine;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

import io.strata.platform.net.GuardedDnsResolver;
import io.strata.platform.net.OutboundAddressPolicy;
import io.strata.workflow.engine.model.Expressions;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's shared pieces. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkflowProperties.class)
class WorkflowEngineConfiguration {

	@Bean
	Expressions expressions() {
		return new Expressions();
	}

	/**
	 * The client of {@code http.request} steps: every connection's address passes the
	 * outbound policy after DNS (no SSRF, no DNS rebinding); no redirects (a redirect
	 * could lead past the policy's URL check).
	 */
	@Bean(destroyMethod = "close")
	CloseableHttpClient workflowHttpClient(OutboundAddressPolicy policy) {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new GuardedDnsResolver(policy))
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(org.apache.hc.core5.util.Timeout.ofSeconds(5))
					.setSocketTimeout(org.apache.hc.core5.util.Timeout.ofSeconds(30))
					.build())
				.setMaxConnTotal(200)
				.setMaxConnPerRoute(20)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.build();
	}

}
