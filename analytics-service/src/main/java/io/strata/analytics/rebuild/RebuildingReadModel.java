package io.strata.analytics.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.analytics.resource.ResourceIndex;
import io.strata.analytics.resource.ResourceIndexer;
import io.strata.platform.events.EventTopics;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.web.Ids;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the resources read model from scratch: replays {@code resource.events} from
 * the beginning up to the end offsets seen at the start into a new index generation, then
 * points the alias at it. A fresh consumer with its own group id and manual assignment
 * does the replay, so the live consumer's offsets are never touched. Live indexing goes
 * on meanwhile and also writes to the new generation from the moment it exists (see
 * {@link ResourceIndex#writeTargets()}), so events past the captured end offsets are in
 * it too; external versioning settles every race between the two writers.
 */
@Component
public class RebuildingReadModel implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RebuildingReadModel.class);

	private static final int KEPT_OPERATIONS = 100;

	private final ResourceIndex index;

	private final ResourceIndexer indexer;

	private final ConsumerFactory<?, ?> consumers;

	private final String topic;

	private final ExecutorService executor = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("analytics-rebuild").daemon().factory());

	private final Map<String, Rebuild> operations = Collections.synchronizedMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Rebuild> eldest) {
			return size() > KEPT_OPERATIONS;
		}

	});

	public RebuildingReadModel(ResourceIndex index, ResourceIndexer indexer, ConsumerFactory<?, ?> consumers,
			EventTopics topics) {
		this.index = index;
		this.indexer = indexer;
		this.consumers = consumers;
		this.topic = topics.name(EventTopics.RESOURCE);
	}

	/** Starts a rebuild in the background; one at a time per instance (409 otherwise). */
	Rebuild start() {
		Rebuild rebuild;
		synchronized (this.operations) {
			if (this.operations.values().stream().anyMatch((op) -> op.state() == Rebuild.State.RUNNING)) {
				throw ProblemException.conflict("A rebuild is already running.");
			}
			rebuild = new Rebuild(Ids.newId("rbd"), Instant.now());
			this.operations.put(rebuild.id(), rebuild);
		}
		this.executor.execute(() -> run(rebuild));
		return rebuild;
	}

	Optional<Rebuild> find(String id) {
		return Optional.ofNullable(this.operations.get(id));
	}

	private void run(Rebuild rebuild) {
		String generation = null;
		try {
			generation = this.index.createGeneration();
			rebuild.index(generation);
			// before the end offsets are captured: whatever lies past them reaches the
			// new generation through the live consumer
			this.index.addWriteTarget(generation);
			replay(rebuild, generation);
			this.index.refresh(generation);
			this.index.switchTo(generation);
			this.index.removeWriteTarget(generation);
			rebuild.succeeded();
			log.info("Rebuilt the resources read model into {}", generation);
		}
		catch (RuntimeException ex) {
			log.warn("Rebuild {} failed", rebuild.id(), ex);
			rebuild.failed(ex.getMessage());
			if (generation != null) {
				this.index.removeWriteTarget(generation);
				if (!this.index.current().contains(generation)) {
					this.index.drop(generation);
				}
			}
		}
	}

	private void replay(Rebuild rebuild, String generation) {
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (Consumer<?, ?> consumer = this.consumers.createConsumer("analytics-rebuild-" + rebuild.id(),
				"analytics-rebuild", null, overrides)) {
			List<TopicPartition> partitions = consumer.partitionsFor(this.topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			rebuild.total(partitions.stream().mapToLong((p) -> end.get(p) - begin.get(p)).sum());
			while (!reachedEnd(consumer, partitions, end)) {
				ConsumerRecords<?, ?> polled = consumer.poll(Duration.ofMillis(500));
				List<ConsumerRecord<?, byte[]>> batch = new ArrayList<>(polled.count());
				for (ConsumerRecord<?, ?> record : polled) {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
							&& record.value() instanceof byte[]) {
						@SuppressWarnings("unchecked")
						ConsumerRecord<?, byte[]> bytes = (ConsumerRecord<?, byte[]>) record;
						batch.add(bytes);
					}
				}
				if (!batch.isEmpty()) {
					int failed = this.indexer.apply(generation, batch);
					if (failed >= 0) {
						// a poison event (unreadable, or refused by the mapping) is
						// skipped here as the live consumer parks it on the DLT; an
						// unreachable Elasticsearch throws and fails the whole rebuild
						ConsumerRecord<?, byte[]> record = batch.get(failed);
						log.warn("Rebuild {} could not apply {}-{}@{}", rebuild.id(), record.topic(),
								record.partition(), record.offset());
					}
				}
				rebuild.replayed(partitions.stream()
					.mapToLong((p) -> Math.min(consumer.position(p), end.get(p)) - begin.get(p))
					.sum());
			}
		}
	}

	private static boolean reachedEnd(Consumer<?, ?> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> end) {
		return partitions.stream().allMatch((p) -> consumer.position(p) >= end.get(p));
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
