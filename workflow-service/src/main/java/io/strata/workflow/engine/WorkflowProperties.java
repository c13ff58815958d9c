package io.strata.workflow.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The workflow workers.
 *
 * @param workers whether this replica runs workers
 * @param concurrency runs one replica advances at once (and claims in one statement)
 * @param batch runs of a tenant advanced in one transaction (their steps that only touch
 * this database); a replica holds at most about {@code concurrency / batch} connections
 * for them
 * @param pollInterval how often an idle worker looks for due runs
 * @param lease how long a claimed run stays with its worker without being renewed; after
 * it another replica may take the run over
 */
@ConfigurationProperties("strata.workflow")
public record WorkflowProperties(@DefaultValue("true") boolean workers, @DefaultValue("64") int concurrency,
		@DefaultValue("16") int batch, @DefaultValue("200ms") Duration pollInterval,
		@DefaultValue("30s") Duration lease) {

	public WorkflowProperties {
		if (concurrency < 1 || batch < 1) {
			throw new IllegalArgumentException("strata.workflow.concurrency and batch must be at least 1");
		}
	}

}
