package io.strata.notification.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver (the JDK's HTTP server) on a loopback address. Each path is one
 * receiving endpoint: it verifies every request's signature with the secrets the test
 * gave it ({@link WebhookVerifier}), records it, and answers as the test scripted (by
 * attempt number: status, headers, delay).
 */
public final class TestReceiver implements AutoCloseable {

	private final HttpServer server;

	private final String host;

	private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

	private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();

	private final Map<String, IntFunction<Reply>> replies = new ConcurrentHashMap<>();

	private TestReceiver(HttpServer server, String host) {
		this.server = server;
		this.host = host;
	}

	public static TestReceiver start(String host) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 100);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			TestReceiver receiver = new TestReceiver(server, host);
			server.createContext("/", receiver::handle);
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url(String path) {
		return "http://" + this.host + ":" + this.server.getAddress().getPort() + path;
	}

	public void secrets(String path, String... whsecSecrets) {
		this.secrets.put(path, List.of(whsecSecrets));
	}

	/** How the endpoint answers its n-th request (1-based). */
	public void reply(String path, IntFunction<Reply> reply) {
		this.replies.put(path, reply);
	}

	public List<Received> received(String path) {
		return new ArrayList<>(this.received.getOrDefault(path, List.of()));
	}

	private void handle(HttpExchange exchange) throws IOException {
		Instant at = Instant.now();
		String path = exchange.getRequestURI().getPath();
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String id = exchange.getRequestHeaders().getFirst("webhook-id");
		String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
		boolean valid = WebhookVerifier.verify(this.secrets.getOrDefault(path, List.of()), id, timestamp, body,
				signature);
		List<Received> list = this.received.computeIfAbsent(path, (p) -> new CopyOnWriteArrayList<>());
		int number;
		synchronized (list) {
			list.add(new Received(id, timestamp, signature, body, at, valid,
					exchange.getRequestHeaders().getFirst("traceparent")));
			number = list.size();
		}
		Reply reply = this.replies.getOrDefault(path, (n) -> Reply.ok()).apply(number);
		if (reply.delayMillis() > 0) {
			try {
				Thread.sleep(reply.delayMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(reply.status(), (answer.length == 0) ? -1 : answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	public record Received(String webhookId, String timestamp, String signature, String body, Instant at,
			boolean signatureValid, String traceparent) {
	}

	public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

		public static Reply ok() {
			return new Reply(200, Map.of(), "ok", 0);
		}

		public static Reply status(int status) {
			return new Reply(status, Map.of(), "status " + status, 0);
		}

	}

}
