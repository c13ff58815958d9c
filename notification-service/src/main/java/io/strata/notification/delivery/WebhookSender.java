package io.strata.notification.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import io.strata.platform.net.GuardedDnsResolver;
import io.strata.platform.net.OutboundAddressPolicy;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends one signed webhook with Apache HttpClient 5. Every connection resolves through
 * the platform's {@link GuardedDnsResolver}, so a host that now resolves to a private or
 * metadata address (DNS rebinding) is refused at connection time. Redirects are not
 * followed (a 3xx is a failure), nothing is retried here, and a hard deadline cancels a
 * request that has not completed within the timeout, however slowly the receiver drips
 * its answer.
 */
@Component
class WebhookSender implements DisposableBean {

	private final CloseableHttpClient client;

	private final ScheduledExecutorService deadlines = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("webhook-deadlines").factory());

	private final Duration timeout;

	private final int excerptBytes;

	WebhookSender(DeliveryProperties properties, OutboundAddressPolicy policy) {
		this.timeout = properties.timeout();
		this.excerptBytes = properties.responseExcerptBytes();
		Timeout limit = Timeout.of(properties.timeout());
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new GuardedDnsResolver(policy))
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
				.setMaxConnTotal(properties.maxInFlight())
				// a route is a host, not an endpoint: many endpoints may share one
				// receiver
				// host, and each endpoint's concurrency is already capped by the worker
				.setMaxConnPerRoute(properties.maxInFlight())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(limit)
				.setConnectionRequestTimeout(limit)
				.setRedirectsEnabled(false)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setUserAgent("Strata-Webhooks/1.0")
			.build();
	}

	/**
	 * Sends a webhook signed with the keys' HMAC instances ({@link SigningKeys}), used
	 * up.
	 */
	AttemptResult send(String url, String messageId, String body, List<Mac> keys, String traceparent) {
		long timestamp = Instant.now().getEpochSecond();
		HttpPost post = new HttpPost(url);
		post.setHeader("webhook-id", messageId);
		post.setHeader("webhook-timestamp", Long.toString(timestamp));
		post.setHeader("webhook-signature", WebhookSignature.signWith(messageId, timestamp, body, keys));
		if (traceparent != null) {
			// the receiver's tracing continues the trace of the write that caused the
			// event
			post.setHeader("traceparent", traceparent);
		}
		post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		long started = System.nanoTime();
		ScheduledFuture<?> deadline = this.deadlines.schedule(post::cancel, this.timeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try (CloseableHttpResponse response = this.client.execute(post)) {
			int status = response.getCode();
			String excerpt = excerpt(response.getEntity());
			long latency = millisSince(started);
			if (post.isCancelled()) {
				return AttemptResult.failed(latency, "no response within " + this.timeout.toSeconds() + " s");
			}
			return new AttemptResult(status, latency, excerpt, null,
					retryAfter(response.getFirstHeader("Retry-After")));
		}
		catch (UnknownHostException ex) {
			return AttemptResult.failed(millisSince(started), "refused: " + ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			String reason = post.isCancelled() ? "no response within " + this.timeout.toSeconds() + " s"
					: ex.getClass().getSimpleName() + ": " + ex.getMessage();
			return AttemptResult.failed(millisSince(started), reason);
		}
		finally {
			deadline.cancel(false);
		}
	}

	private String excerpt(HttpEntity entity) throws IOException {
		if (entity == null) {
			return null;
		}
		try (InputStream in = entity.getContent()) {
			byte[] bytes = in.readNBytes(this.excerptBytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/** {@code Retry-After} as seconds or an HTTP date; null when absent or malformed. */
	static Duration retryAfter(Header header) {
		if (header == null || header.getValue() == null) {
			return null;
		}
		String value = header.getValue().trim();
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			Instant date = DateUtils.parseStandardDate(value);
			if (date == null) {
				return null;
			}
			Duration until = Duration.between(Instant.now(), date);
			return until.isNegative() ? Duration.ZERO : until;
		}
	}

	private static long millisSince(long startedNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
	}

	@Override
	public void destroy() throws IOException {
		this.deadlines.shutdownNow();
		this.client.close();
	}

	/**
	 * What one attempt got.
	 *
	 * @param statusCode the HTTP status, null when no response came
	 * @param latencyMillis time from sending to the response (or the failure)
	 * @param responseExcerpt the start of the response body
	 * @param error why no response came
	 * @param retryAfter the receiver's {@code Retry-After}, if any
	 */
	record AttemptResult(Integer statusCode, long latencyMillis, String responseExcerpt, String error,
			Duration retryAfter) {

		static AttemptResult failed(long latencyMillis, String error) {
			return new AttemptResult(null, latencyMillis, null, error, null);
		}

		boolean succeeded() {
			return this.error == null && this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
		}

	}

}
