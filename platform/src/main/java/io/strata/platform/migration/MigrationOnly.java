package io.strata.platform.migration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Under the {@code migrate} profile a service only migrates: Flyway has run by the time
 * the context is ready, so this runner closes the context and ends the process with its
 * exit code (0), which is what a Kubernetes Job (the chart's migrations) waits for.
 */
public class MigrationOnly implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(MigrationOnly.class);

	private final ConfigurableApplicationContext context;

	public MigrationOnly(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		log.info("Migrations done (profile migrate); exiting");
		System.exit(SpringApplication.exit(this.context, () -> 0));
	}

}
