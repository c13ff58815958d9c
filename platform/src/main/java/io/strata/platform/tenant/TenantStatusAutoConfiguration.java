package io.strata.platform.tenant;

import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * Keeps {@link RefusedTenants} from identity's tenant events, so that a servlet service
 * refuses a suspended or deleted tenant's still valid tokens within seconds (the resource
 * server's {@link RefusingSuspendedTenants} filter).
 * <p>
 * Why events and not identity's {@code GetTenantStatus} with a cache, as the gateway
 * does: the services have no channel to identity, a request never waits for identity or
 * fails open while it is down, and the change arrives as soon as identity publishes it
 * instead of after a cache's staleness. The price: every instance reads
 * {@code identity.events} from the beginning when it starts (its own consumer group, no
 * offsets worth keeping, so none are committed), and it learns only of suspensions the
 * topic still holds: with a finite retention on that topic, a tenant suspended longer ago
 * is refused by the gateway alone. Until it has read what the topic held when it started
 * ({@link TenantStatusCatchUp}), a tenant's request waits for it, and readiness says
 * {@code tenantStatus} is out of service.
 * <p>
 * A separate container rather than a {@code @KafkaListener}: the platform's retry topics
 * apply to every annotated listener, and this one has nothing to retry (a record it
 * cannot read is logged and skipped).
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBean(ConsumerFactory.class)
@ConditionalOnProperty(name = "strata.security.tenant-status.enabled", matchIfMissing = true)
public class TenantStatusAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TenantStatusAutoConfiguration.class);

	@Bean
	RefusedTenants refusedTenants() {
		return new RefusedTenants();
	}

	@Bean
	@SuppressWarnings("unchecked")
	ConcurrentMessageListenerContainer<String, byte[]> tenantStatusListener(ConsumerFactory<?, ?> consumers,
			EventTopics topics, RefusedTenants refused,
			@Value("${spring.application.name:strata}") String applicationName) {
		ContainerProperties container = new ContainerProperties(topics.name(EventTopics.IDENTITY));
		container.setGroupId(applicationName + "-tenants-" + UUID.randomUUID());
		Properties consumer = new Properties();
		consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		container.setKafkaConsumerProperties(consumer);
		// never acknowledged: the group is this instance's alone and starts over each
		// time
		container.setAckMode(ContainerProperties.AckMode.MANUAL);
		TenantStatusCatchUp catchUp = new TenantStatusCatchUp(refused);
		container.setConsumerRebalanceListener(catchUp);
		container.setMessageListener((MessageListener<String, byte[]>) (record) -> {
			apply(record, refused);
			catchUp.read(record);
		});
		return new ConcurrentMessageListenerContainer<>((ConsumerFactory<String, byte[]>) consumers, container);
	}

	@Bean
	TenantStatusHealthIndicator tenantStatusHealthIndicator(RefusedTenants refused) {
		return new TenantStatusHealthIndicator(refused);
	}

	private static void apply(ConsumerRecord<String, byte[]> record, RefusedTenants refused) {
		try {
			TenantChange.of(CloudEventRecords.fromRecord(record)).ifPresent(refused::apply);
		}
		catch (RuntimeException ex) {
			log.warn("Skipping an unreadable identity event at {}-{}@{}", record.topic(), record.partition(),
					record.offset(), ex);
		}
	}

}
