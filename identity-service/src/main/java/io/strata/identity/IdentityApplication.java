package io.strata.identity;

import io.strata.identity.config.IdentityProperties;
import io.strata.identity.mfa.MfaProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Tenants, users, groups, roles, OAuth2 clients, API keys, signing keys, MFA, SCIM and
 * the audit log.
 */
@SpringBootApplication
@EnableConfigurationProperties({ IdentityProperties.class, MfaProperties.class })
public class IdentityApplication {

	public static void main(String[] args) {
		SpringApplication.run(IdentityApplication.class, args);
	}

}
