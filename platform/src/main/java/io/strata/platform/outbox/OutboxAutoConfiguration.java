package io.strata.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;

import io.strata.platform.consumer.ProcessedEvents;
import io.strata.platform.events.EventTopics;
import io.strata.platform.observability.TraceIds;
import io.strata.platform.tenant.TenantRows;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.work.WorkDispatcher;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox, the idempotent-consumer ledger and tenant-scoped work, for services that
 * own a PostgreSQL database.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"io.strata.platform.PlatformAutoConfiguration" })
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBean(JdbcTemplate.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	@Bean
	Outbox outbox(JdbcTemplate jdbc, EventTopics topics, TraceIds traceIds,
			@Value("${spring.application.name:strata}") String applicationName) {
		return new Outbox(jdbc, topics, traceIds, "strata/" + applicationName);
	}

	@Bean
	@ConditionalOnProperty(name = "strata.outbox.enabled", matchIfMissing = true)
	OutboxRelay outboxRelay(Outbox outbox, JdbcTemplate jdbc, TransactionTemplate transactions,
			KafkaTemplate<String, byte[]> kafka, OutboxProperties properties, MeterRegistry meters) {
		OutboxRelay relay = new OutboxRelay(jdbc, transactions, kafka, properties, meters);
		outbox.onCommit(relay::wakeUp);
		return relay;
	}

	@Bean
	@ConditionalOnProperty(name = "strata.outbox.enabled", matchIfMissing = true)
	WorkDispatcher outboxRelayDispatcher(OutboxRelay relay) {
		return relay.dispatcher();
	}

	@Bean
	TenantScope tenantScope(JdbcTemplate jdbc, TransactionTemplate transactions) {
		return new TenantScope(jdbc, transactions);
	}

	@Bean
	TenantRows tenantRows(TenantScope scope, JdbcTemplate jdbc, TransactionTemplate transactions) {
		return new TenantRows(scope, jdbc, transactions);
	}

	@Bean
	ProcessedEvents processedEvents(JdbcTemplate jdbc, TransactionTemplate transactions) {
		return new ProcessedEvents(jdbc, transactions);
	}

}
