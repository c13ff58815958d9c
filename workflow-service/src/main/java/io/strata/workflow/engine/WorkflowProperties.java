package io.strata.workflow.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The workflow workers.
 *
 * @param workers whether this replica runs workers
 * @param concurrency runs one replica advances at once
 * @param pollInterval how often an idle worker looks for due runs
 * @param lease how long a claimed run stays with its worker without being renewed; after
 * it another replica may take the run over
 */
@ConfigurationProperties("strata.workflow")
public record WorkflowProperties(@DefaultValue("true") boolean workers, @DefaultValue("8") int concurrency,
		@DefaultValue("200ms") Duration pollInterval, @DefaultValue("30s") Duration lease) {

}
