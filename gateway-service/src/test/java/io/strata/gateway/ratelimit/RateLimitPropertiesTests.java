package io.strata.gateway.ratelimit;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A tenant's plan as an operator writes it, bound the way the gateway binds it. */
class RateLimitPropertiesTests {

	private static final String TENANT = "ten_qGDkTlsqPaS9b50ue_sIRA";

	@Test
	void aTenantGetsItsPlan() {
		RateLimitProperties properties = bind(Map.of("strata.gateway.rate-limit.tenants." + TENANT, "gold"));

		assertThat(properties.planOf(TENANT, true).name()).isEqualTo("gold");
		assertThat(properties.planOf(TENANT, true).plan().burst()).isEqualTo(1000);
	}

	@Test
	void otherTenantsGetTheDefaultPlan() {
		RateLimitProperties properties = bind(Map.of("strata.gateway.rate-limit.tenants." + TENANT, "gold"));

		assertThat(properties.planOf("ten_AAAAAAAAAAAAAAAAAAAAAA", true).name()).isEqualTo("standard");
		assertThat(properties.planOf(TENANT, false).name()).isEqualTo("anonymous");
	}

	@Test
	void aTenantOnAnUndefinedPlanStopsTheStart() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("strata.gateway.rate-limit.tenants." + TENANT, "golden")))
			.havingRootCause()
			.withMessageContaining("plan 'golden'");
	}

	private static RateLimitProperties bind(Map<String, String> tenants) {
		Map<String, String> source = new HashMap<>(tenants);
		source.put("strata.gateway.rate-limit.plans.gold.burst", "1000");
		source.put("strata.gateway.rate-limit.plans.gold.per-second", "500");
		return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("strata.gateway.rate-limit",
				RateLimitProperties.class);
	}

}
