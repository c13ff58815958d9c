package io.strata.testsupport;

/** The real servers a test can ask for. */
public enum Server {

	POSTGRES("PostgreSQL", "STRATA_PG_HOST", "STRATA_PG_PORT", 15432),

	REDIS("Redis", "STRATA_REDIS_HOST", "STRATA_REDIS_PORT", 16379),

	KAFKA("Kafka", "STRATA_KAFKA_HOST", "STRATA_KAFKA_PORT", 19092),

	ELASTICSEARCH("Elasticsearch", "STRATA_ES_HOST", "STRATA_ES_PORT", 19200),

	S3("S3 (s3mock)", "STRATA_S3_HOST", "STRATA_S3_PORT", 19090);

	private final String displayName;

	private final String hostVariable;

	private final String portVariable;

	private final int defaultPort;

	Server(String displayName, String hostVariable, String portVariable, int defaultPort) {
		this.displayName = displayName;
		this.hostVariable = hostVariable;
		this.portVariable = portVariable;
		this.defaultPort = defaultPort;
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

	int defaultPort() {
		return this.defaultPort;
	}

}
