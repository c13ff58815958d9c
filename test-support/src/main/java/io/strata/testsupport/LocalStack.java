package io.strata.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Where the real servers are: environment variables, then system properties, then
 * {@code .strata/stack.env} written by {@code ./strata servers up}, then the local
 * stack's default ports. Tests never skip because a server is missing: they fail with a
 * message that says what is missing and how to start it.
 */
public final class LocalStack {

	private static final Map<String, String> STACK_ENV = readStackEnv();

	private LocalStack() {
	}

	public static String host(Server server) {
		return setting(server.hostVariable(), "127.0.0.1");
	}

	public static int port(Server server) {
		return Integer.parseInt(setting(server.portVariable(), String.valueOf(server.defaultPort())));
	}

	public static String address(Server server) {
		return host(server) + ":" + port(server);
	}

	public static String postgresUser() {
		return setting("STRATA_PG_USER", "strata");
	}

	public static String postgresPassword() {
		return setting("STRATA_PG_PASSWORD", "strata");
	}

	public static String jdbcUrl(String database) {
		return "jdbc:postgresql://" + address(Server.POSTGRES) + "/" + database;
	}

	public static String httpUrl(Server server) {
		return "http://" + address(server);
	}

	/** Fails with a clear message unless the server answers on its port. */
	public static void require(Server server) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(server), port(server)), 2000);
		}
		catch (IOException ex) {
			throw new IllegalStateException(server.displayName() + " is not reachable at " + address(server)
					+ ". Integration tests run against the real servers of the local stack: start them with"
					+ " './strata servers up' (./strata test does it for you), or point " + server.hostVariable() + "/"
					+ server.portVariable() + " at running ones.", ex);
		}
	}

	/** Creates a fresh, empty database for one test context and returns its name. */
	public static String createDatabase(String purpose) {
		require(Server.POSTGRES);
		String name = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), postgresUser(),
				postgresPassword()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name + ": " + ex.getMessage(), ex);
		}
		return name;
	}

	private static String setting(String name, String fallback) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			value = System.getProperty(name);
		}
		if (value == null || value.isBlank()) {
			value = STACK_ENV.get(name);
		}
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static Map<String, String> readStackEnv() {
		Map<String, String> values = new HashMap<>();
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path file = dir.resolve(".strata/stack.env");
			if (Files.isRegularFile(file)) {
				try {
					for (String line : Files.readAllLines(file)) {
						int equals = line.indexOf('=');
						if (equals > 0 && !line.startsWith("#")) {
							values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				break;
			}
		}
		return values;
	}

}
