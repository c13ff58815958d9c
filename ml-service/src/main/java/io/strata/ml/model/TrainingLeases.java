package io.strata.ml.model;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisZSetCommands.ZAddArgs;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The leases of the trainings in flight, in one Redis sorted set per model bucket
 * (member: tenant, model and version; score: when the lease runs out, epoch millis), so
 * that every instance sees the trainings a dead one left behind. An instance remembers
 * the leases it holds and renews them; taking an expired lease is a {@code ZREM}, which
 * only one instance wins.
 */
@Component
class TrainingLeases {

	/** A training's identity. */
	record Held(String tenant, String name, int version) {

		String member() {
			return URLEncoder.encode(this.tenant, StandardCharsets.UTF_8) + "/" + this.name + "/" + this.version;
		}

		static Held of(String member) {
			String[] parts = member.split("/", 3);
			return new Held(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts[1], Integer.parseInt(parts[2]));
		}

	}

	private final StringRedisTemplate redis;

	private final String key;

	private final byte[] keyBytes;

	private final Duration lease;

	private final Clock clock;

	private final Set<Held> held = ConcurrentHashMap.newKeySet();

	@Autowired
	TrainingLeases(StringRedisTemplate redis, TrainingProperties properties,
			@Value("${strata.s3.bucket-prefix:}${strata.s3.bucket}") String bucket) {
		this(redis, properties, bucket, Clock.systemUTC());
	}

	TrainingLeases(StringRedisTemplate redis, TrainingProperties properties, String bucket, Clock clock) {
		this.redis = redis;
		// the bucket names the registry these versions live in: tests and a running
		// platform that share one Redis keep apart
		this.key = "ml:training-leases:{" + bucket + "}";
		this.keyBytes = this.key.getBytes(StandardCharsets.UTF_8);
		this.lease = properties.lease();
		this.clock = clock;
	}

	Duration lease() {
		return this.lease;
	}

	/** Takes the lease of a training this instance has just started. */
	void hold(Held training) {
		this.held.add(training);
		this.redis.opsForZSet().add(this.key, training.member(), deadline());
	}

	/** Gives the lease back: the training has ended, recorded as ready or failed. */
	void release(Held training) {
		this.held.remove(training);
		this.redis.opsForZSet().remove(this.key, training.member());
	}

	/**
	 * Stops renewing the lease without giving it back: it runs out, and the training is
	 * recovered as an interrupted one.
	 */
	void abandon(Held training) {
		this.held.remove(training);
	}

	/**
	 * Pushes back the deadline of every lease this instance holds; a lease another
	 * instance has taken meanwhile (it expired) is not put back.
	 */
	void renew() {
		double deadline = deadline();
		for (Held training : this.held) {
			byte[] member = training.member().getBytes(StandardCharsets.UTF_8);
			this.redis.execute((RedisCallback<Boolean>) (connection) -> connection.zSetCommands()
				.zAdd(this.keyBytes, deadline, member, ZAddArgs.empty().ifExists()));
		}
	}

	/**
	 * Takes up to {@code limit} expired leases, each for this instance only: the
	 * trainings whose holder stopped renewing.
	 */
	List<Held> takeExpired(int limit) {
		Set<String> expired = this.redis.opsForZSet()
			.rangeByScore(this.key, Double.NEGATIVE_INFINITY, this.clock.millis(), 0, limit);
		List<Held> taken = new ArrayList<>();
		if (expired != null) {
			for (String member : expired) {
				Long removed = this.redis.opsForZSet().remove(this.key, member);
				if (removed != null && removed == 1) {
					taken.add(Held.of(member));
				}
			}
		}
		return taken;
	}

	/** Puts a taken lease back, already expired: the next sweep tries it again. */
	void giveBack(Held training) {
		this.redis.opsForZSet().add(this.key, training.member(), this.clock.millis());
	}

	private double deadline() {
		return this.clock.millis() + this.lease.toMillis();
	}

}
