package io.strata.gateway.routing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the domain services answer, by name ({@code identity}, {@code workflow}, …):
 * routes go to {@code services}, the gateway's {@code services} health contributor to
 * {@code management}, their actuator port, which stays plain HTTP when the services' own
 * port requires mTLS. A service without a management URL answers health on its own URL.
 */
@ConfigurationProperties("strata.gateway")
public record DownstreamServices(Map<String, URI> services, Map<String, URI> management) {

	public DownstreamServices {
		services = (services != null) ? Map.copyOf(services) : Map.of();
		management = (management != null) ? Map.copyOf(management) : Map.of();
	}

	/** Each service's actuator base URL. */
	public Map<String, URI> actuators() {
		Map<String, URI> actuators = new LinkedHashMap<>();
		this.services.forEach((name, uri) -> actuators.put(name, this.management.getOrDefault(name, uri)));
		return actuators;
	}

}
