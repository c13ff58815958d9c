package io.strata.notification.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver that is not the bottleneck of a benchmark: nginx from the operating
 * system in its own process, answering every POST {@code 200} without reading more of it
 * than HTTP requires, and writing one access-log line per request (arrival time, path,
 * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}, body length,
 * status). The log is the record of arrivals: {@link #received} parses what nginx wrote
 * so far. Signatures are checked by the caller against the stored message bodies (nginx
 * does not keep bodies), with {@link WebhookVerifier} as for the Java receiver.
 */
public final class NginxReceiver implements AutoCloseable {

	private static final String FORMAT = "$msec\\t$uri\\t$http_webhook_id\\t$http_webhook_timestamp\\t"
			+ "$http_webhook_signature\\t$content_length\\t$status";

	private final Process process;

	private final Path dir;

	private final Path log;

	private final String host;

	private final int port;

	private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> webhookIds = new ConcurrentHashMap<>();

	private long offset;

	private NginxReceiver(Process process, Path dir, String host, int port) {
		this.process = process;
		this.dir = dir;
		this.log = dir.resolve("access.log");
		this.host = host;
		this.port = port;
	}

	/** The nginx binary on the PATH or in /usr/sbin, or null when there is none. */
	public static Path binary() {
		for (String candidate : new String[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }) {
			if (Files.isExecutable(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		return null;
	}

	/** Starts nginx on a free port of {@code host} with one worker process. */
	public static NginxReceiver start(String host) {
		try {
			Path dir = Files.createTempDirectory("nginx-receiver-");
			Files.createDirectories(dir.resolve("tmp"));
			int port;
			try (ServerSocket probe = new ServerSocket()) {
				probe.bind(new InetSocketAddress(host, 0));
				port = probe.getLocalPort();
			}
			Files.writeString(dir.resolve("nginx.conf"), """
					worker_processes 1;
					daemon off;
					pid %1$s/nginx.pid;
					error_log %1$s/error.log warn;
					events { worker_connections 4096; }
					http {
					    log_format hooks '%2$s';
					    access_log %1$s/access.log hooks buffer=64k flush=50ms;
					    keepalive_requests 1000000;
					    keepalive_timeout 120s;
					    client_body_temp_path %1$s/tmp;
					    server {
					        listen %3$s:%4$d reuseport;
					        location / { return 200 'ok'; }
					    }
					}
					""".formatted(dir, FORMAT, host, port));
			Process process = new ProcessBuilder(binary().toString(), "-e", dir.resolve("error.log").toString(), "-c",
					dir.resolve("nginx.conf").toString(), "-p", dir.toString())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("nginx.out").toFile())
				.start();
			NginxReceiver receiver = new NginxReceiver(process, dir, host, port);
			receiver.awaitListening(Duration.ofSeconds(10));
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void awaitListening(Duration atMost) throws IOException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited: " + Files.readString(this.dir.resolve("nginx.out")));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(this.host, this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(50);
			}
		}
		throw new IllegalStateException("nginx did not listen on " + this.host + ":" + this.port);
	}

	public String url(String path) {
		return "http://" + this.host + ":" + this.port + path;
	}

	/** What arrived at the path so far, in arrival order (duplicates included). */
	public synchronized List<Arrival> received(String path) {
		readNewLines();
		return new ArrayList<>(this.arrivals.getOrDefault(path, List.of()));
	}

	/** How many distinct {@code webhook-id}s arrived at the path so far. */
	public synchronized int distinct(String path) {
		readNewLines();
		return this.webhookIds.getOrDefault(path, Set.of()).size();
	}

	private void readNewLines() {
		try (RandomAccessFile file = new RandomAccessFile(this.log.toFile(), "r")) {
			long length = file.length();
			if (length <= this.offset) {
				return;
			}
			byte[] bytes = new byte[(int) (length - this.offset)];
			file.seek(this.offset);
			file.readFully(bytes);
			int end = bytes.length;
			while (end > 0 && bytes[end - 1] != '\n') {
				end--;
			}
			this.offset += end;
			for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
				if (!line.isEmpty()) {
					Arrival arrival = Arrival.parse(line);
					this.arrivals.computeIfAbsent(arrival.path(), (p) -> new ArrayList<>()).add(arrival);
					this.webhookIds.computeIfAbsent(arrival.path(), (p) -> new HashSet<>()).add(arrival.webhookId());
				}
			}
		}
		catch (java.io.FileNotFoundException ex) {
			// nothing logged yet
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One request as nginx logged it.
	 *
	 * @param at when nginx finished it (millisecond resolution)
	 * @param path the request path
	 * @param webhookId its {@code webhook-id}, or null
	 * @param timestamp its {@code webhook-timestamp}, or null
	 * @param signature its {@code webhook-signature}, or null
	 * @param contentLength its body's length in bytes, or -1
	 * @param status what nginx answered
	 */
	public record Arrival(Instant at, String path, String webhookId, String timestamp, String signature,
			long contentLength, int status) {

		static Arrival parse(String line) {
			String[] f = line.split("\t", -1);
			String[] msec = f[0].split("\\.");
			Instant at = Instant.ofEpochSecond(Long.parseLong(msec[0]), Long.parseLong(msec[1]) * 1_000_000);
			return new Arrival(at, f[1], value(f[2]), value(f[3]), value(f[4]),
					(value(f[5]) != null) ? Long.parseLong(f[5]) : -1, Integer.parseInt(f[6]));
		}

		private static String value(String logged) {
			return (logged.isEmpty() || logged.equals("-")) ? null : logged;
		}

	}

}
