package io.strata.ml.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Detectors and the anomalies they found, in Redis: a detector as JSON under its tenant,
 * each tenant's detector ids in a sorted set (pages by id), every detector in one set for
 * the evaluator, and a detector's anomalies in a hash by interval start (so an interval
 * is recorded once however often it is judged).
 */
@Component
class DetectorStore {

	private static final String ALL = "ml:detectors:all";

	private final StringRedisTemplate redis;

	private final JsonMapper json = JsonMapper.builder().build();

	DetectorStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	record StoredAnomaly(Instant start, double value, double expected, double score, Instant detectedAt) {

	}

	void save(Detector detector) {
		this.redis.opsForValue().set(key(detector.tenantId(), detector.id()), this.json.writeValueAsString(detector));
		this.redis.opsForZSet().add(index(detector.tenantId()), detector.id(), 0);
		this.redis.opsForSet().add(ALL, detector.tenantId() + "/" + detector.id());
	}

	Optional<Detector> find(String tenantId, String id) {
		String stored = this.redis.opsForValue().get(key(tenantId, id));
		return Optional.ofNullable(stored).map((text) -> this.json.readValue(text, Detector.class));
	}

	/** Up to {@code limit} of the tenant's detectors with ids after {@code after}. */
	List<Detector> list(String tenantId, String after, int limit) {
		Range<String> range = (after == null) ? Range.unbounded() : Range.rightUnbounded(Range.Bound.exclusive(after));
		Set<String> ids = this.redis.opsForZSet().rangeByLex(index(tenantId), range, Limit.limit().count(limit));
		List<Detector> detectors = new ArrayList<>();
		for (String id : (ids != null) ? ids : Set.<String>of()) {
			find(tenantId, id).ifPresent(detectors::add);
		}
		return detectors;
	}

	/** Every detector of every tenant, as tenant and id. */
	List<String[]> all() {
		Set<String> members = this.redis.opsForSet().members(ALL);
		List<String[]> all = new ArrayList<>();
		for (String member : (members != null) ? members : Set.<String>of()) {
			int slash = member.lastIndexOf('/');
			all.add(new String[] { member.substring(0, slash), member.substring(slash + 1) });
		}
		return all;
	}

	boolean delete(String tenantId, String id) {
		Boolean deleted = this.redis.delete(key(tenantId, id));
		this.redis.opsForZSet().remove(index(tenantId), id);
		this.redis.opsForSet().remove(ALL, tenantId + "/" + id);
		this.redis.delete(anomaliesKey(tenantId, id));
		return Boolean.TRUE.equals(deleted);
	}

	/**
	 * Records the anomaly unless its interval was recorded already; whether it was new.
	 */
	boolean recordAnomaly(Detector detector, StoredAnomaly anomaly) {
		return Boolean.TRUE.equals(this.redis.opsForHash()
			.putIfAbsent(anomaliesKey(detector.tenantId(), detector.id()),
					String.valueOf(anomaly.start().getEpochSecond()), this.json.writeValueAsString(anomaly)));
	}

	/** Drops a detector that no longer exists from the set of all. */
	void forget(String tenantId, String id) {
		this.redis.opsForSet().remove(ALL, tenantId + "/" + id);
	}

	void forgetAnomaly(Detector detector, Instant start) {
		this.redis.opsForHash()
			.delete(anomaliesKey(detector.tenantId(), detector.id()), String.valueOf(start.getEpochSecond()));
	}

	/** The detector's anomalies, newest first. */
	List<StoredAnomaly> anomalies(String tenantId, String id) {
		Map<Object, Object> stored = this.redis.opsForHash().entries(anomaliesKey(tenantId, id));
		return stored.values()
			.stream()
			.map((text) -> this.json.readValue((String) text, StoredAnomaly.class))
			.sorted(Comparator.comparing(StoredAnomaly::start).reversed())
			.toList();
	}

	private static String key(String tenantId, String id) {
		return "ml:detector:{" + tenantId + "}:" + id;
	}

	private static String index(String tenantId) {
		return "ml:detectors:{" + tenantId + "}";
	}

	private static String anomaliesKey(String tenantId, String id) {
		return "ml:anomalies:{" + tenantId + "}:" + id;
	}

}
