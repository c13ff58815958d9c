package io.strata.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP server of the suite's receivers (webhooks, workflow HTTP steps): on loopback,
 * a free port, each call on its own virtual thread. A route reads the request's headers
 * and body and answers a status, with a JSON body or none.
 */
final class LocalServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private LocalServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	static LocalServer start(Map<String, Function<Request, Reply>> routes) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
			routes.forEach((path, route) -> server.createContext(path, (exchange) -> {
				try (exchange) {
					Reply reply = route.apply(new Request((name) -> exchange.getRequestHeaders().getFirst(name),
							new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
					if (reply.json() == null) {
						exchange.sendResponseHeaders(reply.status(), -1);
						return;
					}
					byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(reply.status(), body.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(body);
					}
				}
			}));
			ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
			server.setExecutor(executor);
			server.start();
			return new LocalServer(server, executor);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** What a route is given: a header by name (null when absent), and the body. */
	record Request(Function<String, String> headers, String body) {

		String header(String name) {
			return this.headers.apply(name);
		}

	}

	/** What a route answers: a status, and a JSON body or none. */
	record Reply(int status, String json) {

		static Reply noContent() {
			return new Reply(204, null);
		}

		static Reply json(String json) {
			return new Reply(200, json);
		}

	}

}
