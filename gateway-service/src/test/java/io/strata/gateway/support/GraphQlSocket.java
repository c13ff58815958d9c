package io.strata.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * A bare {@code graphql-transport-ws} client over the JDK's WebSocket, as an app's client
 * library would speak it: every message the server sends, in order, and the close code,
 * so tests can assert the protocol and the edge's close codes (which
 * {@code WebSocketGraphQlTester} hides).
 */
public final class GraphQlSocket implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final WebSocket socket;

	private GraphQlSocket(URI uri) {
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("graphql-transport-ws")
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(uri, new Listener())
			.join();
	}

	/** Opens a socket to {@code ws://…/graphql}. */
	public static GraphQlSocket open(String url) {
		return new GraphQlSocket(URI.create(url));
	}

	/** Sends {@code connection_init} with this payload. */
	public GraphQlSocket init(Map<String, Object> payload) {
		return send(Map.of("type", "connection_init", "payload", payload));
	}

	/** Sends {@code subscribe} with this id, document and variables. */
	public GraphQlSocket subscribe(String id, String query, Map<String, Object> variables) {
		return send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables)));
	}

	/** Sends {@code complete} for this id: the client is done with the subscription. */
	public GraphQlSocket complete(String id) {
		return send(Map.of("id", id, "type", "complete"));
	}

	public GraphQlSocket send(Map<String, Object> message) {
		this.socket.sendText(JSON.writeValueAsString(message), true).join();
		return this;
	}

	/** The next message from the server; null when none came in time. */
	public Map<String, Object> next(Duration patience) throws InterruptedException {
		return this.messages.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The close code the server sent; null when it did not close in time. */
	public Integer closeCode(Duration patience) {
		try {
			return this.closed.get(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			return null;
		}
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		}
		this.socket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		@SuppressWarnings("unchecked")
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				GraphQlSocket.this.messages.add(JSON.readValue(this.text.toString(), Map.class));
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			GraphQlSocket.this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			GraphQlSocket.this.closed.completeExceptionally(error);
		}

	}

}
