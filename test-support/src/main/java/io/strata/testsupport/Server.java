package io.strata.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The real servers a test can ask for. Their default ports are the root pom.xml's
 * {@code strata.port.*} properties, filtered into {@code strata-servers.properties}.
 */
public enum Server {

	POSTGRES("PostgreSQL", "STRATA_PG_HOST", "STRATA_PG_PORT", "postgres"),

	REDIS("Redis", "STRATA_REDIS_HOST", "STRATA_REDIS_PORT", "redis"),

	KAFKA("Kafka", "STRATA_KAFKA_HOST", "STRATA_KAFKA_PORT", "kafka"),

	ELASTICSEARCH("Elasticsearch", "STRATA_ES_HOST", "STRATA_ES_PORT", "elasticsearch"),

	S3("S3 (s3mock)", "STRATA_S3_HOST", "STRATA_S3_PORT", "s3");

	private final String displayName;

	private final String hostVariable;

	private final String portVariable;

	private final int defaultPort;

	Server(String displayName, String hostVariable, String portVariable, String name) {
		this.displayName = displayName;
		this.hostVariable = hostVariable;
		this.portVariable = portVariable;
		this.defaultPort = DefaultPorts.of(name);
	}

	public String displayName() {
		return this.displayName;
	}

	String hostVariable() {
		return this.hostVariable;
	}

	String portVariable() {
		return this.portVariable;
	}

	/** The port the local stack serves it on unless its port variable names another. */
	public int defaultPort() {
		return this.defaultPort;
	}

	/**
	 * An enum's constructor cannot read a static field of its own: the file is held here.
	 */
	private static final class DefaultPorts {

		private static final Properties PORTS = load();

		static int of(String name) {
			String port = PORTS.getProperty(name);
			if (port == null || !port.matches("[0-9]+")) {
				throw new IllegalStateException("strata-servers.properties has no port for " + name + " (" + port
						+ "): is test-support built by Maven, which fills in the root pom's strata.port.*?");
			}
			return Integer.parseInt(port);
		}

		private static Properties load() {
			Properties ports = new Properties();
			try (InputStream in = Server.class.getResourceAsStream("strata-servers.properties")) {
				if (in == null) {
					throw new IllegalStateException("strata-servers.properties is not beside " + Server.class);
				}
				ports.load(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return ports;
		}

	}

}
