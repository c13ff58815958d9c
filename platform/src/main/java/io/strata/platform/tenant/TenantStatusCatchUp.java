package io.strata.platform.tenant;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Tells {@link RefusedTenants} when the tenant-status listener has read every record
 * {@code identity.events} held when its partitions were first assigned: the end offsets
 * are taken then, and each partition counts as read once a record at or past its end
 * offset minus one was applied, or at once when its position is already there (an empty
 * or a fully read partition). Offsets are contiguous on that topic (its producers are not
 * transactional), so the last record's offset is the end offset minus one.
 */
class TenantStatusCatchUp implements ConsumerAwareRebalanceListener {

	private final RefusedTenants refused;

	/** Partitions still behind the end offset they had at the first assignment. */
	private final Map<TopicPartition, Long> behind = new ConcurrentHashMap<>();

	private volatile boolean assigned;

	TenantStatusCatchUp(RefusedTenants refused) {
		this.refused = refused;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (this.assigned) {
			return;
		}
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
		ends.forEach((partition, end) -> {
			if (consumer.position(partition) < end) {
				this.behind.put(partition, end);
			}
		});
		this.assigned = true;
		settle();
	}

	void read(ConsumerRecord<?, ?> record) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		this.behind.computeIfPresent(partition, (key, end) -> (record.offset() + 1 >= end) ? null : end);
		settle();
	}

	private void settle() {
		if (this.assigned && this.behind.isEmpty()) {
			this.refused.markCaughtUp();
		}
	}

}
