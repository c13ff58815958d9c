package io.strata.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.mtls.SpiffeIds;

/**
 * A stand-in for every service behind the gateway: answers JSON describing the request it
 * received (method, path, headers, body, a call counter). {@code ?status=N} answers that
 * status, {@code ?delay_ms=N} answers late, so tests can drive failures and in-flight
 * requests.
 */
public final class EchoService {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private EchoService(HttpServer server) {
		this.server = server;
	}

	public static EchoService start() {
		try {
			return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Over HTTPS with {@code tls}, requiring a client certificate, as a service's port
	 * under mTLS; answers also the caller's SPIFFE id ({@code client}).
	 */
	public static EchoService startTls(SSLContext tls) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
			server.setHttpsConfigurator(new HttpsConfigurator(tls) {
				@Override
				public void configure(HttpsParameters parameters) {
					SSLParameters ssl = tls.getDefaultSSLParameters();
					ssl.setNeedClientAuth(true);
					parameters.setSSLParameters(ssl);
				}
			});
			return start(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static EchoService start(HttpServer server) {
		EchoService echo = new EchoService(server);
		server.createContext("/", echo::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		return echo;
	}

	public String url() {
		String scheme = (this.server instanceof HttpsServer) ? "https" : "http";
		return scheme + "://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public int calls() {
		return this.calls.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		int call = this.calls.incrementAndGet();
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		if (query.containsKey("delay_ms")) {
			try {
				Thread.sleep(Long.parseLong(query.get("delay_ms")));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] requestBody;
		try (InputStream in = exchange.getRequestBody()) {
			requestBody = in.readAllBytes();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("method", exchange.getRequestMethod());
		answer.put("path", exchange.getRequestURI().getPath());
		answer.put("headers", headers);
		answer.put("body", new String(requestBody, StandardCharsets.UTF_8));
		answer.put("call", call);
		if (exchange instanceof HttpsExchange tls) {
			answer.put("client", SpiffeIds.ofChain(tls.getSSLSession().getPeerCertificates()).orElse(""));
		}
		byte[] bytes = JSON.writeValueAsBytes(answer);
		int status = Integer.parseInt(query.getOrDefault("status", "200"));
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		if (exchange.getRequestURI().getPath().equals("/oauth2/token")) {
			exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
		}
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> values = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					values.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
		}
		return values;
	}

}
