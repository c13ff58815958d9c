package io.strata.gateway.tenant;

import io.grpc.ManagedChannel;

import io.strata.gateway.security.EdgeAuthProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tenant status check, over the edge's one channel to identity. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TenantStatusProperties.class)
class TenantStatusConfiguration {

	@Bean
	TenantStatusGlobalFilter tenantStatusGlobalFilter(ManagedChannel identityChannel, EdgeAuthProperties auth,
			TenantStatusProperties properties) {
		return new TenantStatusGlobalFilter(new TenantStatuses(identityChannel, auth.grpcDeadline(), properties));
	}

}
