package io.strata.analytics.search;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the consumers wait out (Elasticsearch down or shedding load) and what they park as
 * a poison record (Elasticsearch refusing the document).
 */
class ElasticUnavailableTests {

	@Test
	void aRefusedConnectionOrAnOverloadedClusterIsAnOutage() {
		assertThat(Elastic.unavailable(new UncheckedIOException(new ConnectException("Connection refused")))).isTrue();
		assertThat(Elastic.unavailable(new Elastic.ElasticException(503, "", null))).isTrue();
		assertThat(Elastic.unavailable(new Elastic.ElasticException(429, "es_rejected_execution_exception", null)))
			.isTrue();
	}

	@Test
	void anOutageIsFoundUnderTheListenersWrapping() {
		Exception wrapped = new ListenerExecutionFailedException("listener failed",
				new BatchListenerFailedException("Elasticsearch is unavailable",
						new UncheckedIOException(new ConnectException("Connection refused")), 0));
		assertThat(Elastic.unavailable(wrapped)).isTrue();
	}

	@Test
	void aRefusedDocumentIsNotAnOutage() {
		assertThat(Elastic.unavailable(new Elastic.ElasticException(400, "mapper_parsing_exception", null))).isFalse();
		assertThat(Elastic.unavailable(new BatchListenerFailedException("Could not store event", 0))).isFalse();
		assertThat(Elastic.unavailable(new IllegalArgumentException("not a CloudEvent"))).isFalse();
	}

}
