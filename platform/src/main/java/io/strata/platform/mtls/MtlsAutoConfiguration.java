package io.strata.platform.mtls;

import io.grpc.ManagedChannel;

import io.strata.platform.problem.ProblemResponseWriter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The client side of mTLS ({@link MtlsChannels}) for every service that opens gRPC
 * channels, and the caller checks for every service that serves gRPC or servlet HTTP. The
 * servers' TLS itself comes from {@link MtlsEnvironmentPostProcessor}.
 */
@AutoConfiguration
@ConditionalOnClass(ManagedChannel.class)
@EnableConfigurationProperties(MtlsProperties.class)
public class MtlsAutoConfiguration {

	@Bean
	MtlsChannels mtlsChannels(MtlsProperties properties) {
		return new MtlsChannels(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GlobalServerInterceptor.class)
	@ConditionalOnBooleanProperty("strata.mtls.enabled")
	static class CallerCheck {

		// before the JWT check: a caller that may not call at all learns nothing more
		@Bean
		@GlobalServerInterceptor
		@Order(Ordered.HIGHEST_PRECEDENCE)
		AllowedCallersInterceptor allowedCallersInterceptor(MtlsProperties properties) {
			return new AllowedCallersInterceptor(properties.allowedCallers());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBooleanProperty("strata.mtls.enabled")
	static class HttpCallerCheck {

		// right after the request guard: a caller that may not call at all learns nothing
		// more, and the refusal still carries the trace id
		@Bean
		FilterRegistrationBean<AllowedHttpCallersFilter> allowedHttpCallersFilter(MtlsProperties properties,
				ProblemResponseWriter problems) {
			FilterRegistrationBean<AllowedHttpCallersFilter> registration = new FilterRegistrationBean<>(
					new AllowedHttpCallersFilter(properties.allowedHttpCallers(), problems));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
			return registration;
		}

	}

}
