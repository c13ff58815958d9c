package io.strata.platform;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.crypto.CryptoProperties;
import io.strata.platform.crypto.SecretBox;
import io.strata.platform.events.EventTopics;
import io.strata.platform.net.OutboundAddressPolicy;
import io.strata.platform.net.OutboundProperties;
import io.strata.platform.observability.TraceIds;
import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.ServletProblemHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every service gets: trace ids, topic names and, on servlet services, problem+json
 * errors.
 */
@AutoConfiguration
@EnableConfigurationProperties({ OutboundProperties.class, CryptoProperties.class })
public class PlatformAutoConfiguration {

	@Bean
	TraceIds traceIds(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		return new TraceIds(tracer, propagator);
	}

	@Bean
	OutboundAddressPolicy outboundAddressPolicy(OutboundProperties properties) {
		return new OutboundAddressPolicy(properties);
	}

	@Bean
	SecretBox secretBox(CryptoProperties properties) {
		return SecretBox.from(properties);
	}

	@Bean
	EventTopics eventTopics(@Value("${strata.kafka.topic-prefix:}") String prefix) {
		return new EventTopics(prefix);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletProblems {

		@Bean
		ProblemResponseWriter problemResponseWriter(JsonMapper jsonMapper, TraceIds traceIds) {
			return new ProblemResponseWriter(jsonMapper, traceIds);
		}

		@Bean
		ServletProblemHandler servletProblemHandler(TraceIds traceIds) {
			return new ServletProblemHandler(traceIds);
		}

	}

}
