package io.strata.platform;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.crypto.CryptoProperties;
import io.strata.platform.crypto.SecretBox;
import io.strata.platform.events.EventTopics;
import io.strata.platform.migration.MigrationOnly;
import io.strata.platform.net.OutboundAddressPolicy;
import io.strata.platform.net.OutboundProperties;
import io.strata.platform.observability.TraceIds;
import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.ServletProblemHandler;
import io.strata.platform.tenant.TenantErasures;
import io.strata.platform.web.ProblemErrorReportValve;
import io.strata.platform.web.PageRequest;
import io.strata.platform.web.PageRequestResolver;
import io.strata.platform.web.RequestGuardFilter;
import io.strata.platform.web.StrictJsonModule;

import org.springframework.beans.factory.ObjectProvider;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What every service gets: trace ids, topic names, strict JSON reading and, on servlet
 * services, request guards and problem+json errors (Tomcat's own included).
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

	@Bean
	TenantErasures tenantErasures(MeterRegistry meters, ObjectProvider<KafkaTemplate<String, byte[]>> kafka,
			EventTopics topics, @Value("${spring.application.name:strata}") String service) {
		return new TenantErasures(meters, kafka, topics, service);
	}

	@Bean
	@Profile("migrate")
	MigrationOnly migrationOnly(ConfigurableApplicationContext context) {
		return new MigrationOnly(context);
	}

	@Bean
	StrictJsonModule strictJsonModule() {
		return new StrictJsonModule();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletProblems {

		/**
		 * Right after the observation filter, so refusals carry the request's trace id.
		 */
		@Bean
		FilterRegistrationBean<RequestGuardFilter> requestGuardFilter(ProblemResponseWriter problems) {
			FilterRegistrationBean<RequestGuardFilter> registration = new FilterRegistrationBean<>(
					new RequestGuardFilter(problems));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
			return registration;
		}

		@Bean
		ProblemResponseWriter problemResponseWriter(JsonMapper jsonMapper, TraceIds traceIds) {
			return new ProblemResponseWriter(jsonMapper, traceIds);
		}

		@Bean
		ServletProblemHandler servletProblemHandler(TraceIds traceIds) {
			return new ServletProblemHandler(traceIds);
		}

	}

	/** Lists take a {@link PageRequest} parameter ({@link PageRequestResolver}). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletPageRequests implements WebMvcConfigurer {

		@Override
		public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
			resolvers.add(new PageRequestResolver());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StandardHost.class)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class TomcatProblems {

		/**
		 * Runs after Spring Boot's customizer, which installs Tomcat's HTML error report
		 * valve, and puts the problem+json one in its place.
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValve() {
			return (factory) -> factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
							host.getPipeline().removeValve(valve);
						}
					}
					host.getPipeline().addValve(new ProblemErrorReportValve());
				}
			});
		}

	}

}
