package io.strata.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook subscriber on this machine: records what it receives and checks Standard
 * Webhooks signatures with its own code ({@code v1,} + base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, keyed by the base64 part of the secret).
 */
final class Receiver {

	private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

	private final LocalServer server;

	private Receiver() {
		this.server = LocalServer.start(Map.of("/hook", (request) -> {
			this.deliveries.add(new Delivery(request.header("webhook-id"), request.header("webhook-timestamp"),
					request.header("webhook-signature"), request.body()));
			return LocalServer.Reply.noContent();
		}));
	}

	static Receiver start() {
		return new Receiver();
	}

	String url() {
		return this.server.url("/hook");
	}

	Delivery await(Predicate<String> body, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Delivery next = this.deliveries.poll(200, TimeUnit.MILLISECONDS);
			if (next != null && body.test(next.body())) {
				return next;
			}
		}
		return null;
	}

	void stop() {
		this.server.close();
	}

	record Delivery(String id, String timestamp, String signature, String body) {

		boolean signatureValid(String secret) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
						"HmacSHA256"));
				String expected = "v1," + Base64.getEncoder()
					.encodeToString(mac
						.doFinal((this.id + "." + this.timestamp + "." + this.body).getBytes(StandardCharsets.UTF_8)));
				return this.signature != null && java.util.Arrays.asList(this.signature.split(" ")).contains(expected);
			}
			catch (Exception ex) {
				return false;
			}
		}

	}

}
