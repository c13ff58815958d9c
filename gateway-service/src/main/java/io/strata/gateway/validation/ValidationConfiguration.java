package io.strata.gateway.validation;

import io.strata.platform.mtls.MtlsChannels;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

@Configuration(proxyBeanMethods = false)
class ValidationConfiguration {

	@Bean
	RequestSchemas requestSchemas() {
		return new RequestSchemas();
	}

	@Bean
	BodySchemas bodySchemas(RequestSchemas schemas) {
		return new BodySchemas(schemas);
	}

	@Bean
	ResourceTypeSchemas resourceTypeSchemas(ValidationProperties properties, RequestSchemas schemas,
			MtlsChannels channels) {
		return new ResourceTypeSchemas(properties, schemas, channels);
	}

	/** {@link ResourceTypeEvents}' container: only resource-type changes reach it. */
	@Bean
	ContainerPostProcessor<String, byte[], AbstractMessageListenerContainer<String, byte[]>> typeChangedRecordsOnly() {
		return (container) -> container.setRecordInterceptor(new TypeChangedRecords());
	}

}
