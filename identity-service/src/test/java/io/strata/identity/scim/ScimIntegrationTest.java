package io.strata.identity.scim;

import java.util.List;
import java.util.Map;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** SCIM requests as an identity provider sends them. */
abstract class ScimIntegrationTest extends IdentityIntegrationTest {

	static final MediaType SCIM = MediaType.parseMediaType("application/scim+json");

	static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

	static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

	static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

	static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

	/** A SCIM token of the tenant, made by its admin. */
	String scimToken(TestTenant tenant) {
		Map<String, Object> created = postCreated(tenant, "/v2/scim-tokens", Map.of("name", "Okta"));
		assertThat(created.get("token").toString()).startsWith("scim_");
		return created.get("token").toString();
	}

	RestTestClient.ResponseSpec scim(HttpMethod method, String token, String uri, Object body, String ifMatch) {
		RestTestClient.RequestBodySpec request = this.client.method(method).uri(uri).accept(SCIM);
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		if (ifMatch != null) {
			request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		if (body != null) {
			request.contentType(SCIM).body(body);
		}
		return request.exchange();
	}

	Map<String, Object> scimOk(HttpMethod method, String token, String uri, Object body) {
		return scim(method, token, uri, body, null).expectStatus()
			.is2xxSuccessful()
			.expectHeader()
			.contentTypeCompatibleWith(SCIM)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	Map<String, Object> createScimUser(String token, String email, Map<String, Object> extra) {
		Map<String, Object> user = new java.util.LinkedHashMap<>();
		user.put("schemas", List.of(USER_SCHEMA));
		user.put("userName", email);
		user.put("emails", List.of(Map.of("value", email, "primary", true, "type", "work")));
		user.put("active", true);
		user.putAll(extra);
		return scim(HttpMethod.POST, token, "/scim/v2/Users", user, null).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** The ids of a SCIM list response's resources. */
	@SuppressWarnings("unchecked")
	static List<Object> ids(Map<String, Object> list) {
		return ((List<Map<String, Object>>) list.get("Resources")).stream()
			.map((resource) -> resource.get("id"))
			.toList();
	}

	@SafeVarargs
	static Map<String, Object> patch(Map<String, Object>... operations) {
		return Map.of("schemas", List.of(PATCH_SCHEMA), "Operations", List.of(operations));
	}

}
