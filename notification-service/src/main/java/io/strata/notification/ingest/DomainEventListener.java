package io.strata.notification.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.strata.notification.ingest.RecordingMessages.Incoming;
import io.strata.notification.tenant.ErasingTenantData;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.tenant.TenantChange;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic, a batch of records at a time, each batch recorded in one
 * transaction. A tenant's deletion erases its data instead of becoming a message: in this
 * consumer, so that the tenant's earlier events in the batch are recorded before the
 * erasure, not after it. A record that cannot be recorded is named to the container by
 * its index ({@link BatchListenerFailedException}): the ones before it are committed, it
 * is retried and then parked on {@code <topic>-dlt}
 * ({@link FanOutConsumerConfiguration}), so a poison event never blocks the ones behind
 * it.
 */
@Component
class DomainEventListener {

	/** Physical topic = prefix + logical name, as {@link EventTopics#name} builds it. */
	private static final String PREFIX = "${strata.kafka.topic-prefix:}";

	private final RecordingMessages recording;

	private final ErasingTenantData erasing;

	DomainEventListener(RecordingMessages recording, ErasingTenantData erasing) {
		this.recording = recording;
		this.erasing = erasing;
	}

	@KafkaListener(id = "notification-fan-out", idIsGroup = false,
			containerFactory = FanOutConsumerConfiguration.FACTORY, batch = "true",
			topics = { PREFIX + EventTopics.RESOURCE, PREFIX + EventTopics.IDENTITY, PREFIX + EventTopics.WORKFLOW,
					PREFIX + EventTopics.ML })
	void on(List<ConsumerRecord<String, byte[]>> records) {
		Pending pending = new Pending();
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, byte[]> record = records.get(index);
			try {
				CloudEvent event = CloudEventRecords.fromRecord(record);
				Optional<String> deletedTenant = TenantChange.deleted(event);
				if (deletedTenant.isPresent()) {
					record(pending);
					this.erasing.erase(deletedTenant.get());
				}
				else {
					Optional<Incoming> prepared = this.recording.prepare(event, traceparent(record));
					if (prepared.isPresent()) {
						pending.add(prepared.get(), index);
					}
				}
			}
			catch (BatchListenerFailedException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				if (FanOutConsumerConfiguration.outage(ex)) {
					throw ex;
				}
				record(pending);
				throw new BatchListenerFailedException(
						"Cannot record event of " + record.topic() + "-" + record.partition() + "@" + record.offset(),
						ex, index);
			}
		}
		record(pending);
	}

	/**
	 * Records what is pending in one transaction. If that fails for another reason than
	 * an outage, one transaction per event finds the culprit: the ones before it commit,
	 * and it is named to the container.
	 */
	private void record(Pending pending) {
		if (pending.events.isEmpty()) {
			return;
		}
		try {
			this.recording.record(pending.events);
		}
		catch (RuntimeException ex) {
			if (FanOutConsumerConfiguration.outage(ex)) {
				throw ex;
			}
			for (int i = 0; i < pending.events.size(); i++) {
				try {
					this.recording.record(List.of(pending.events.get(i)));
				}
				catch (RuntimeException one) {
					if (FanOutConsumerConfiguration.outage(one)) {
						throw one;
					}
					throw new BatchListenerFailedException("Cannot record event " + pending.events.get(i).eventId(),
							one, pending.indexes.get(i));
				}
			}
		}
		pending.events.clear();
		pending.indexes.clear();
	}

	/**
	 * The first traceparent is the one the producer stored with the event (the outbox
	 * relay adds it); an instrumented producer may append its own send span's after it.
	 */
	private static String traceparent(ConsumerRecord<String, byte[]> record) {
		Iterator<Header> traceparents = record.headers().headers("traceparent").iterator();
		Header traceparent = traceparents.hasNext() ? traceparents.next() : null;
		return (traceparent != null) ? new String(traceparent.value(), StandardCharsets.UTF_8) : null;
	}

	/** Prepared events not recorded yet, with their records' indexes in the batch. */
	private static final class Pending {

		private final List<Incoming> events = new ArrayList<>();

		private final List<Integer> indexes = new ArrayList<>();

		void add(Incoming event, int index) {
			this.events.add(event);
			this.indexes.add(index);
		}

	}

}
