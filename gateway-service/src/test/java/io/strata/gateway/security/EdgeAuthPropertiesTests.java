package io.strata.gateway.security;

import org.junit.jupiter.api.Test;

import io.strata.platform.security.PublicRoutes;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeAuthPropertiesTests {

	@Test
	void theEdgeLetsThroughEveryRouteTheContractCallsPublic() {
		EdgeAuthProperties defaults = new Binder(new MapConfigurationPropertySource())
			.bindOrCreate("strata.gateway.auth", Bindable.of(EdgeAuthProperties.class));
		assertThat(defaults.publicPaths()).containsAll(PublicRoutes.API);
	}

}
