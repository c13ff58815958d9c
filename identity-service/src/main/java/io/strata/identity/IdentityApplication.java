package io.strata.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Tenants, users, groups, roles, OAuth2 clients, API keys, signing keys, MFA, SCIM and
 * the audit log.
 */
@SpringBootApplication
public class IdentityApplication {

	public static void main(String[] args) {
		SpringApplication.run(IdentityApplication.class, args);
	}

}
