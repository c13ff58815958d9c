package io.strata.bench.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's anchor: Spring Cloud Gateway as it comes, one route to the backend
 * ({@code BENCH_BACKEND_URL}), no filters. {@code ./strata bench edge} compares Strata's
 * gateway with it.
 */
@SpringBootApplication
public class BareGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareGatewayApplication.class, args);
	}

}
