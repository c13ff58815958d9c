package io.strata.notification.ingest;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The fan-out's batch listener container. Spring Kafka's non-blocking retry topics do not
 * support batch listeners, so the batch keeps their outcome without the topics, as
 * analytics does: a record that fails on its own (the listener names it with
 * {@code BatchListenerFailedException}) is retried in place a few times, then parked on
 * {@code <topic>-dlt}; the records before it are committed, the ones after it go on. A
 * database that cannot be reached is nobody's record's fault: then the whole batch is
 * retried, backing off, until it is back, and nothing is parked.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class FanOutConsumerConfiguration {

	static final String FACTORY = "fanOutListenerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> fanOutListenerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			KafkaTemplate<String, byte[]> kafka, IngestProperties properties) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		factory.setConcurrency(properties.concurrency());
		Properties polling = new Properties();
		polling.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(properties.maxPollRecords()));
		polling.setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(properties.fetchMinBytes()));
		polling.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
				Long.toString(properties.fetchMaxWait().toMillis()));
		factory.getContainerProperties().setKafkaConsumerProperties(polling);
		factory.setCommonErrorHandler(errorHandler(kafka, properties));
		return factory;
	}

	private static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> kafka, IngestProperties properties) {
		// the default: a whole batch failing (only an outage gets there) is retried until
		// the database is back
		ExponentialBackOff untilBack = new ExponentialBackOff(properties.poisonBackoff().toMillis(), 2.0);
		untilBack.setMaxInterval(properties.outageMaxBackoff().toMillis());
		DefaultErrorHandler errors = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + "-dlt", -1)), untilBack);
		BackOff poison = new FixedBackOff(properties.poisonBackoff().toMillis(), properties.poisonAttempts() - 1L);
		errors.setBackOffFunction((record, ex) -> outage(ex) ? untilBack : poison);
		// a poison record's retries are expected, not an error of this service
		errors.setLogLevel(KafkaException.Level.WARN);
		// an outage is not the record's fault: its attempts start again afterwards
		errors.setResetStateOnExceptionChange(true);
		return errors;
	}

	/** The database (or the way to it) failed, not the record. */
	static boolean outage(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
		}
		return false;
	}

}
