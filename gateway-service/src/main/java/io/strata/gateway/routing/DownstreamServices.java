package io.strata.gateway.routing;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the domain services answer, by name ({@code identity}, {@code workflow}, …).
 * Routes and the gateway's {@code services} health contributor both read it.
 */
@ConfigurationProperties("strata.gateway")
public record DownstreamServices(Map<String, URI> services) {

	public DownstreamServices {
		services = (services != null) ? Map.copyOf(services) : Map.of();
	}

}
