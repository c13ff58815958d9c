package io.strata.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook subscriber on this machine: records what it receives and checks Standard
 * Webhooks signatures with its own code ({@code v1,} + base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, keyed by the base64 part of the secret).
 */
final class Receiver {

	private final HttpServer server;

	private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

	private Receiver(HttpServer server) {
		this.server = server;
	}

	static Receiver start() {
		try {
			Receiver receiver = new Receiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
			receiver.server.createContext("/hook", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				receiver.deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
						exchange.getRequestHeaders().getFirst("webhook-timestamp"),
						exchange.getRequestHeaders().getFirst("webhook-signature"), body));
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			receiver.server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
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
		this.server.stop(0);
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
