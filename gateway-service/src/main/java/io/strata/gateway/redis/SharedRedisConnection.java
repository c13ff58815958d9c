package io.strata.gateway.redis;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the gateway's shared Redis connection off the request path. Spring Data Redis
 * opens it on first use and blocks the calling thread through the TCP connect and the
 * Redis handshake; at the edge that thread is a Netty event loop, so a Redis that does
 * not answer (a dead host, a dropped route) would freeze every request for the connect
 * timeout. Here a background thread connects, retrying with back-off, and the edge
 * policies treat Redis as down until it has ({@link #isOpen()}); after that Lettuce
 * reconnects by itself without blocking callers, and each policy's own timeout covers a
 * Redis that stops answering.
 */
@Component
public class SharedRedisConnection implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SharedRedisConnection.class);

	/** Startup waits this long for the first connection, so requests start with Redis. */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(5);

	private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

	private final ReactiveRedisConnectionFactory connections;

	private final CountDownLatch opened = new CountDownLatch(1);

	private volatile boolean running;

	private volatile Thread connector;

	SharedRedisConnection(ReactiveRedisConnectionFactory connections) {
		this.connections = connections;
	}

	/** Whether the shared connection exists, so using it cannot block. */
	public boolean isOpen() {
		return this.opened.getCount() == 0;
	}

	@Override
	public void start() {
		this.running = true;
		this.connector = Thread.ofVirtual().name("redis-connect").start(this::connect);
		try {
			if (!this.opened.await(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Redis not connected after {}: starting without it, still trying", STARTUP_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void connect() {
		long backOff = 200;
		while (this.running) {
			try (ReactiveRedisConnection connection = this.connections.getReactiveConnection()) {
				connection.ping().block(MAX_BACK_OFF);
				this.opened.countDown();
				log.info("Redis connected");
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Redis not reachable yet, retrying in {} ms: {}", backOff, ex.toString());
			}
			try {
				Thread.sleep(backOff);
			}
			catch (InterruptedException ex) {
				return;
			}
			backOff = Math.min(backOff * 2, MAX_BACK_OFF.toMillis());
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.connector;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the web server starts taking requests. */
	@Override
	public int getPhase() {
		return 0;
	}

}
