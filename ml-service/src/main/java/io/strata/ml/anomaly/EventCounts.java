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
 * <p>
 * For weekly seasonality the same events are also counted per hour, kept for
 * {@code strata.ml.anomaly.hourly-retention} (a month: {@link MadDetector#WEEKS} weeks
 * back at 24 fields a day, where minutes would be 60 times as many), with the hour of the
 * earliest event counted ({@code since}): what lies before it is not known, rather than
 * zero. A new hour's first event drops the hours that fell out of the retention.
 */
@Component
class EventCounts {

	private static final RedisScript<Long> COUNT_ONCE = RedisScript.of("""
			if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
			  redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
			  redis.call('EXPIRE', KEYS[2], ARGV[2])
			  if redis.call('HINCRBY', KEYS[3], ARGV[3], 1) == 1 then
			    local since = redis.call('HGET', KEYS[3], 'since')
			    if not since or tonumber(since) > tonumber(ARGV[3]) then
			      redis.call('HSET', KEYS[3], 'since', ARGV[3])
			    end
			    local oldest = tonumber(ARGV[3]) - tonumber(ARGV[5])
			    for hour = oldest - 168, oldest do
			      redis.call('HDEL', KEYS[3], tostring(hour))
			    end
			  end
			  redis.call('EXPIRE', KEYS[3], ARGV[4])
			  return 1
			end
			return 0""", Long.class);

	private static final long WEEK = Duration.ofDays(7).toSeconds();

	private static final long HOUR = 3600;

	private final StringRedisTemplate redis;

	private final Duration retention;

	private final Duration hourlyRetention;

	EventCounts(StringRedisTemplate redis, @Value("${strata.ml.anomaly.retention:8d}") Duration retention,
			@Value("${strata.ml.anomaly.hourly-retention:30d}") Duration hourlyRetention) {
		this.redis = redis;
		this.retention = retention;
		this.hourlyRetention = hourlyRetention;
	}

	/** Counts the event, unless this id was counted already; whether it counted. */
	boolean record(String eventId, String tenantId, String type, Instant at) {
		Long counted = this.redis.execute(COUNT_ONCE,
				List.of("ml:events:seen:" + eventId, key(tenantId, type), hourlyKey(tenantId, type)),
				String.valueOf(at.getEpochSecond() / 60), String.valueOf(this.retention.toSeconds()),
				String.valueOf(at.getEpochSecond() / HOUR), String.valueOf(this.hourlyRetention.toSeconds()),
				String.valueOf(this.hourlyRetention.toHours()));
		return counted != null && counted == 1;
	}

	/**
	 * For each of {@code intervals} consecutive intervals from {@code start}, its counts
	 * 1 to {@link MadDetector#WEEKS} weeks before, from the hourly counts (an interval
	 * shorter than an hour gets its share of the hour); {@code NaN} for a week before the
	 * first event counted or older than the hourly retention, and a null row when no week
	 * is known. At most the hourly retention's hours are read.
	 */
	double[][] previousWeeks(String tenantId, String type, Instant start, Duration interval, int intervals) {
		double[][] weeks = new double[intervals][];
		String key = hourlyKey(tenantId, type);
		Object since = this.redis.opsForHash().get(key, "since");
		if (since == null) {
			return weeks;
		}
		long nowHour = Instant.now().getEpochSecond() / HOUR;
		long knownFrom = Math.max(Long.parseLong((String) since), nowHour - this.hourlyRetention.toHours() + 1) * HOUR;
		long length = interval.toSeconds();
		long firstHour = Math.max(Math.floorDiv(start.getEpochSecond() - MadDetector.WEEKS * WEEK, HOUR),
				knownFrom / HOUR);
		long endHour = Math.min(Math.ceilDiv(start.getEpochSecond() + intervals * length - WEEK, HOUR), nowHour + 1);
		if (firstHour >= endHour) {
			return weeks;
		}
		List<Object> fields = new ArrayList<>();
		for (long hour = firstHour; hour < endHour; hour++) {
			fields.add(String.valueOf(hour));
		}
		List<Object> values = this.redis.opsForHash().multiGet(key, fields);
		double[] hours = new double[values.size()];
		for (int i = 0; i < hours.length; i++) {
			hours[i] = (values.get(i) != null) ? Long.parseLong((String) values.get(i)) : 0;
		}
		for (int i = 0; i < intervals; i++) {
			long from = start.getEpochSecond() + i * length;
			double[] row = new double[MadDetector.WEEKS];
			boolean known = false;
			for (int k = 0; k < row.length; k++) {
				long weekFrom = from - (k + 1) * WEEK;
				row[k] = (weekFrom < knownFrom || weekFrom < firstHour * HOUR) ? Double.NaN
						: share(hours, firstHour, weekFrom, weekFrom + length);
				known |= !Double.isNaN(row[k]);
			}
			weeks[i] = known ? row : null;
		}
		return weeks;
	}

	/** The events in [from, to), each hour's counted in proportion to its overlap. */
	private static double share(double[] hours, long firstHour, long from, long to) {
		double sum = 0;
		for (long hour = Math.floorDiv(from, HOUR); hour * HOUR < to; hour++) {
			int index = (int) (hour - firstHour);
			if (index >= 0 && index < hours.length) {
				long overlap = Math.min(to, (hour + 1) * HOUR) - Math.max(from, hour * HOUR);
				sum += hours[index] * overlap / HOUR;
			}
		}
		return sum;
	}

	/**
	 * The tenant's events of the type in {@code intervals} consecutive intervals from
	 * {@code start} (a whole minute).
	 */
	double[] series(String tenantId, String type, Instant start, Duration interval, int intervals) {
		long firstMinute = start.getEpochSecond() / 60;
		long minutesPerInterval = interval.toMinutes();
		// only minutes that can hold counts are asked for (at most the retention's
		// worth):
		// a long range of long intervals must not become millions of fields
		long now = Instant.now().getEpochSecond() / 60;
		long from = Math.max(firstMinute, now - this.retention.toMinutes());
		long to = Math.min(firstMinute + intervals * minutesPerInterval, now + 1);
		double[] series = new double[intervals];
		if (from >= to) {
			return series;
		}
		List<Object> fields = new ArrayList<>();
		for (long minute = from; minute < to; minute++) {
			fields.add(String.valueOf(minute));
		}
		List<Object> counts = this.redis.opsForHash().multiGet(key(tenantId, type), fields);
		for (int i = 0; i < counts.size(); i++) {
			if (counts.get(i) != null) {
				series[(int) ((from - firstMinute + i) / minutesPerInterval)] += Long.parseLong((String) counts.get(i));
			}
		}
		return series;
	}

	private static String key(String tenantId, String type) {
		return "ml:events:count:{" + tenantId + "}:" + type;
	}

	private static String hourlyKey(String tenantId, String type) {
		return "ml:events:hourly:{" + tenantId + "}:" + type;
	}

}
