package io.strata.identity;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.strata.identity.client.OAuthClients;
import io.strata.identity.tenant.CreatingTenants;
import io.strata.identity.user.ManagingUsers;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity service on a random port against real PostgreSQL and Kafka. Every test
 * class extends it, so they share one application context (one database), and each test
 * makes its own tenants so tests do not see each other's data.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
public abstract class IdentityIntegrationTest {

	protected static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	protected static final String PASSWORD = "correct horse battery";

	@Autowired
	protected RestTestClient client;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected CreatingTenants creatingTenants;

	@Autowired
	protected ManagingUsers managingUsers;

	/** A fresh tenant with an admin who has signed in. */
	protected TestTenant newTenant() {
		String tenantId = this.creatingTenants
			.create(new CreatingTenants.CreateTenant("Tenant " + UUID.randomUUID(), "test", Map.of()));
		String email = "admin-" + UUID.randomUUID() + "@example.com";
		String adminId = this.managingUsers
			.create(new ManagingUsers.CreateUser(tenantId, "test", email, PASSWORD, List.of("admin")))
			.id();
		return new TestTenant(tenantId, adminId, email, login(email, PASSWORD).get("access_token").toString());
	}

	protected Map<String, Object> login(String email, String password) {
		return this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", email, "password", password))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** The answer of {@code /oauth2/introspect} to the client for the token. */
	protected Map<String, Object> introspect(OAuthClients.ClientCredentials client, String token) {
		return this.client.post()
			.uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), client.clientSecret()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("token", token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** A form body from name, value pairs. */
	protected static MultiValueMap<String, String> form(String... pairs) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			form.add(pairs[i], pairs[i + 1]);
		}
		return form;
	}

	protected Map<String, Object> createUser(TestTenant tenant, String email, List<String> roles) {
		return postCreated(tenant, "/v2/users", Map.of("email", email, "password", PASSWORD, "roles", roles));
	}

	/** A POST as the tenant's admin. */
	protected RestTestClient.ResponseSpec post(TestTenant tenant, String uri, Object body) {
		return this.client.post().uri(uri).header(HttpHeaders.AUTHORIZATION, tenant.bearer()).body(body).exchange();
	}

	/** A POST as the tenant's admin that must answer 201: its JSON body. */
	protected Map<String, Object> postCreated(TestTenant tenant, String uri, Object body) {
		return post(tenant, uri, body).expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
	}

	/**
	 * Expects a problem+json answer with this status and type (the last segment of the
	 * type URI), for further checks of its body.
	 */
	protected static RestTestClient.BodyContentSpec expectProblem(RestTestClient.ResponseSpec response, int status,
			String type) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value(String.class, (actual) -> assertThat(actual).endsWith("/" + type));
	}

	/**
	 * The token endpoint's 200 answer to a client's {@code client_credentials} request;
	 * without {@code scope} (null) the client asks for its default scopes.
	 */
	protected Map<String, Object> clientCredentials(String clientId, String clientSecret, String scope) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		if (scope != null) {
			form.add("scope", scope);
		}
		return this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(clientId, clientSecret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** A GET as the tenant's admin that must answer 200: its JSON body. */
	protected Map<String, Object> getJson(TestTenant tenant, String uri, Object... uriVariables) {
		return this.client.get()
			.uri(uri, uriVariables)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	protected static JWTClaimsSet claims(String jwt) {
		try {
			return SignedJWT.parse(jwt).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT: " + jwt, ex);
		}
	}

	protected static String kid(String jwt) {
		try {
			return SignedJWT.parse(jwt).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT: " + jwt, ex);
		}
	}

	protected static String uniqueEmail() {
		String email = "user-" + UUID.randomUUID() + "@example.com";
		assertThat(email).contains("@");
		return email;
	}

	public record TestTenant(String id, String adminId, String adminEmail, String adminToken) {

		public String bearer() {
			return "Bearer " + this.adminToken;
		}

	}

}
