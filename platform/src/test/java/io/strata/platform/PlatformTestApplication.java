package io.strata.platform;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;

import io.strata.platform.security.Caller;
import io.strata.platform.security.PlatformAdmin;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.PageRequest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service built on the platform library, as each Strata service is. */
@SpringBootApplication
public class PlatformTestApplication {

	@RestController
	static class ThingController {

		@PostMapping("/v2/things")
		@ResponseStatus(HttpStatus.CREATED)
		Map<String, Object> create(@Valid @RequestBody NewThing thing) {
			return Map.of("display_name", thing.displayName(), "tenant_id", TenantContext.requireTenant());
		}

		@GetMapping("/v2/things")
		Map<String, Object> list(@RequestParam(name = "name", required = false) String name) {
			return Map.of("items", List.of());
		}

		/** The page a list was asked for, as its {@link PageRequest} parameter got it. */
		@GetMapping("/v2/things/pages")
		Map<String, Object> page(PageRequest page) {
			Map<String, Object> asked = new java.util.LinkedHashMap<>();
			asked.put("size", page.size());
			asked.put("after", page.after());
			return asked;
		}

		/** What a request gets from JDBC while PostgreSQL is down. */
		@GetMapping("/v2/things/store-down")
		Map<String, Object> storeDown() {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new java.sql.SQLException("Connection to 127.0.0.1:15432 refused"));
		}

		@TenantAdmin(scope = "things.admin")
		@PostMapping("/v2/things/archive")
		Map<String, Object> archive() {
			return Map.of("archived_by", Caller.current().subject());
		}

		@PlatformAdmin(scope = "things.operate")
		@GetMapping("/v2/things/all-tenants")
		Map<String, Object> allTenants() {
			return Map.of("items", List.of());
		}

		@GetMapping("/v2/things/boom")
		Map<String, Object> boom() {
			throw new IllegalStateException("secret internal detail");
		}

	}

	record NewThing(@NotBlank String displayName, @Max(5) int priority, List<String> tags) {
	}

}
