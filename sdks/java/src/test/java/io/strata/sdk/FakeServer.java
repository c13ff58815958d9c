package io.strata.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The SDK's test double of the platform: a JDK HTTP server on a loopback port that answers from a queue of
 * scripted responses and records every request.
 */
final class FakeServer implements AutoCloseable {

	record Recorded(String method, String path, String query, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

	record Reply(int status, Map<String, String> headers, String body, Duration delay) {

		static Reply json(int status, String body) {
			return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
		}

		static Reply problem(int status, String body) {
			return new Reply(status, Map.of("Content-Type", "application/problem+json"), body, Duration.ZERO);
		}

		Reply header(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Reply(this.status, headers, this.body, this.delay);
		}

		Reply delayed(Duration delay) {
			return new Reply(this.status, this.headers, this.body, delay);
		}

	}

	interface Responder {

		Reply reply(Recorded request);

	}

	private final HttpServer server;

	private final ConcurrentLinkedDeque<Responder> script = new ConcurrentLinkedDeque<>();

	private volatile Responder fallback = (request) -> Reply.problem(500,
			"{\"title\":\"No scripted reply\",\"status\":500}");

	final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());

	FakeServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	FakeServer then(Reply reply) {
		this.script.add((request) -> reply);
		return this;
	}

	FakeServer then(Responder responder) {
		this.script.add(responder);
		return this;
	}

	FakeServer otherwise(Responder responder) {
		this.fallback = responder;
		return this;
	}

	List<Recorded> requests(String path) {
		synchronized (this.requests) {
			return this.requests.stream().filter((r) -> r.path().equals(path)).toList();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestURI().getRawQuery(), headers, body);
			this.requests.add(request);
			Responder responder = this.script.poll();
			Reply reply = ((responder != null) ? responder : this.fallback).reply(request);
			if (!reply.delay().isZero()) {
				Thread.sleep(reply.delay().toMillis());
			}
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] bytes = (reply.body() != null) ? reply.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
			exchange.sendResponseHeaders(reply.status(), (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the client went away (a timeout test); nothing to answer
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
