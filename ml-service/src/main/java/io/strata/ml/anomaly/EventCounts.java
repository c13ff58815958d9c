package io.strata.ml.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Every tenant's events per type and minute, in Redis (ml's store): one hash per tenant
 * and event type, a field per minute. An event is counted once however often Kafka
 * delivers it (its id is remembered as long as the counts are kept). Detectors and their
 * previews read these series; they are kept for {@code strata.ml.anomaly.retention}.
 */
@Component
class EventCounts {

	private static final RedisScript<Long> COUNT_ONCE = RedisScript.of("""
			if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
			  redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
			  redis.call('EXPIRE', KEYS[2], ARGV[2])
			  return 1
			end
			return 0""", Long.class);

	private final StringRedisTemplate redis;

	private final Duration retention;

	EventCounts(StringRedisTemplate redis, @Value("${strata.ml.anomaly.retention:8d}") Duration retention) {
		this.redis = redis;
		this.retention = retention;
	}

	/** Counts the event, unless this id was counted already; whether it counted. */
	boolean record(String eventId, String tenantId, String type, Instant at) {
		Long counted = this.redis.execute(COUNT_ONCE, List.of("ml:events:seen:" + eventId, key(tenantId, type)),
				String.valueOf(at.getEpochSecond() / 60), String.valueOf(this.retention.toSeconds()));
		return counted != null && counted == 1;
	}

	/**
	 * The tenant's events of the type in {@code intervals} consecutive intervals from
	 * {@code start} (a whole minute).
	 */
	double[] series(String tenantId, String type, Instant start, Duration interval, int intervals) {
		long firstMinute = start.getEpochSecond() / 60;
		long minutesPerInterval = interval.toMinutes();
		List<Object> fields = new ArrayList<>();
		for (long minute = firstMinute; minute < firstMinute + intervals * minutesPerInterval; minute++) {
			fields.add(String.valueOf(minute));
		}
		List<Object> counts = this.redis.opsForHash().multiGet(key(tenantId, type), fields);
		double[] series = new double[intervals];
		for (int i = 0; i < counts.size(); i++) {
			if (counts.get(i) != null) {
				series[(int) (i / minutesPerInterval)] += Long.parseLong((String) counts.get(i));
			}
		}
		return series;
	}

	private static String key(String tenantId, String type) {
		return "ml:events:count:{" + tenantId + "}:" + type;
	}

}
