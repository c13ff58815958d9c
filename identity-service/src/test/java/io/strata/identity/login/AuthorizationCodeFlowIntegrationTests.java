package io.strata.identity.login;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jwt.JWTClaimsSet;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow with PKCE as a browser and an app drive it over HTTP: the
 * authorization server sends the browser to the login page, the page signs in (with the
 * MFA step for a user with TOTP), the browser returns with a code, and the app exchanges
 * it with its code verifier for Strata tokens; refresh tokens rotate. And the ways it
 * must fail: wrong password, wrong verifier, no PKCE, an unregistered redirect URI, wrong
 * and replayed codes.
 */
class AuthorizationCodeFlowIntegrationTests extends IdentityIntegrationTest {

	private static final String REDIRECT = "https://app.example.com/callback";

	private static final String MOBILE_REDIRECT = "com.example.app:/callback";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@AfterEach
	void forgetFailures() {
		this.jdbc.update("DELETE FROM login_throttle");
	}

	@Test
	void aConfidentialAppSignsAUserInAndRefreshTokensRotate() throws Exception {
		TestTenant tenant = newTenant();
		Map<String, Object> app = registerClient(tenant, "confidential", List.of(REDIRECT),
				List.of("openid", "identity.admin"));
		String clientId = app.get("client_id").toString();
		String secret = app.get("client_secret").toString();
		Browser browser = new Browser();
		Pkce pkce = new Pkce();
		String state = UUID.randomUUID().toString();

		HttpResponse<String> authorize = browser
			.get(authorizeUri(clientId, REDIRECT, "openid identity.admin", state, pkce.challenge()));
		assertThat(authorize.statusCode()).isEqualTo(302);
		assertThat(location(authorize)).endsWith("/login");

		HttpResponse<String> page = browser.get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElseThrow()).startsWith("text/html");
		assertThat(page.body())
			.contains("<html lang=\"en\">", "<label for=\"email\">Email</label>",
					"<input id=\"email\" name=\"email\" type=\"email\"", "<label for=\"password\">Password</label>",
					"<input id=\"password\" name=\"password\" type=\"password\"", "role=\"alert\"", "method=\"post\"",
					"name=\"_csrf\"", "test app")
			.doesNotContain("<script");

		// without the CSRF token the form is refused
		assertThat(browser.post("/login", Map.of("email", tenant.adminEmail(), "password", PASSWORD)).statusCode())
			.isEqualTo(403);

		HttpResponse<String> signedIn = browser.post("/login",
				Map.of("email", tenant.adminEmail(), "password", PASSWORD, "_csrf", csrf(page)));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(location(signedIn)).contains("/oauth2/authorize");

		String code = code(browser.follow(signedIn), REDIRECT, state);
		Map<String, Object> tokens = browser.token(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT, "code_verifier", pkce.verifier()), clientId, secret, 200);
		assertThat(tokens).containsKeys("access_token", "refresh_token", "id_token");
		JWTClaimsSet claims = claims(tokens.get("access_token").toString());
		assertThat(claims.getSubject()).isEqualTo(tenant.adminId());
		assertThat(claims.getStringClaim("tid")).isEqualTo(tenant.id());
		assertThat(claims.getStringClaim("scope").split(" ")).contains("identity.admin");
		assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
		assertThat(claims.getStringClaim("azp")).isEqualTo(clientId);
		assertThat(claims.getJWTID()).isNotBlank();
		// the token works on the tenant's API
		this.client.get()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get("access_token"))
			.exchange()
			.expectStatus()
			.isOk();
		// refresh rotates; the spent refresh token is refused
		String first = tokens.get("refresh_token").toString();
		Map<String, Object> refreshed = browser.token(Map.of("grant_type", "refresh_token", "refresh_token", first),
				clientId, secret, 200);
		assertThat(refreshed.get("refresh_token")).isNotNull().isNotEqualTo(first);
		JWTClaimsSet refreshedClaims = claims(refreshed.get("access_token").toString());
		assertThat(refreshedClaims.getSubject()).isEqualTo(tenant.adminId());
		assertThat(refreshedClaims.getStringClaim("tid")).isEqualTo(tenant.id());
		assertThat(refreshedClaims.getStringListClaim("roles")).containsExactly("admin");
		assertThat(browser.token(Map.of("grant_type", "refresh_token", "refresh_token", first), clientId, secret, 400))
			.containsEntry("error", "invalid_grant");

		// a code is good once; presenting it again revokes what it gave (RFC 6749 4.1.2)
		assertThat(browser.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"code_verifier", pkce.verifier()), clientId, secret, 400))
			.containsEntry("error", "invalid_grant");
		assertThat(browser.token(
				Map.of("grant_type", "refresh_token", "refresh_token", refreshed.get("refresh_token").toString()),
				clientId, secret, 400))
			.containsEntry("error", "invalid_grant");

		// a user disabled since sign-in gets no more tokens
		Pkce again = new Pkce();
		String state2 = UUID.randomUUID().toString();
		String code2 = code(
				browser.get(authorizeUri(clientId, REDIRECT, "openid identity.admin", state2, again.challenge())),
				REDIRECT, state2);
		Map<String, Object> second = browser.token(Map.of("grant_type", "authorization_code", "code", code2,
				"redirect_uri", REDIRECT, "code_verifier", again.verifier()), clientId, secret, 200);
		this.jdbc.update("UPDATE users SET disabled = true WHERE id = ?", tenant.adminId());
		assertThat(browser.token(
				Map.of("grant_type", "refresh_token", "refresh_token", second.get("refresh_token").toString()),
				clientId, secret, 400))
			.containsEntry("error", "invalid_grant");
	}

	@Test
	void aPublicAppUsesPkceAndGetsOnlyTheScopesTheUsersRolesAllow() throws Exception {
		TestTenant tenant = newTenant();
		String clientId = registerClient(tenant, "public", List.of(MOBILE_REDIRECT, "http://127.0.0.1/callback"),
				List.of("identity.admin", "openid"))
			.get("client_id")
			.toString();
		String email = uniqueEmail();
		String memberId = createUser(tenant, email, List.of("member")).get("id").toString();

		Browser browser = new Browser();
		Pkce pkce = new Pkce();
		String code = signIn(browser, clientId, MOBILE_REDIRECT, "openid identity.admin", pkce, email);

		// the wrong verifier: invalid_grant, and the code is spent
		assertThat(browser.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				MOBILE_REDIRECT, "client_id", clientId, "code_verifier", new Pkce().verifier()), null, null, 400))
			.containsEntry("error", "invalid_grant");

		Pkce second = new Pkce();
		// the browser is signed in already: straight back with a code
		String state = UUID.randomUUID().toString();
		String code2 = code(
				browser
					.get(authorizeUri(clientId, MOBILE_REDIRECT, "openid identity.admin", state, second.challenge())),
				MOBILE_REDIRECT, state);
		Map<String, Object> tokens = browser.token(Map.of("grant_type", "authorization_code", "code", code2,
				"redirect_uri", MOBILE_REDIRECT, "client_id", clientId, "code_verifier", second.verifier()), null, null,
				200);
		JWTClaimsSet claims = claims(tokens.get("access_token").toString());
		assertThat(claims.getSubject()).isEqualTo(memberId);
		assertThat(claims.getStringClaim("tid")).isEqualTo(tenant.id());
		assertThat(claims.getStringListClaim("roles")).containsExactly("member");
		// the app may ask for identity.admin, a member does not get it
		assertThat(claims.getStringClaim("scope").split(" ")).doesNotContain("identity.admin");
		// and the token response says which scopes the token has (RFC 6749 5.1)
		assertThat(tokens.get("scope").toString().split(" "))
			.containsExactlyInAnyOrder(claims.getStringClaim("scope").split(" "));

		// a public client's refresh tokens rotate too, with its client id as the only
		// credential; presenting a spent one revokes the whole authorization
		String first = tokens.get("refresh_token").toString();
		Map<String, Object> refreshed = browser.token(
				Map.of("grant_type", "refresh_token", "refresh_token", first, "client_id", clientId), null, null, 200);
		assertThat(refreshed.get("refresh_token")).isNotNull().isNotEqualTo(first);
		assertThat(claims(refreshed.get("access_token").toString()).getSubject()).isEqualTo(memberId);
		assertThat(browser.token(Map.of("grant_type", "refresh_token", "refresh_token", first, "client_id", clientId),
				null, null, 400))
			.containsEntry("error", "invalid_grant");
		assertThat(browser.token(Map.of("grant_type", "refresh_token", "refresh_token",
				refreshed.get("refresh_token").toString(), "client_id", clientId), null, null, 400))
			.containsEntry("error", "invalid_grant");
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ?", String.class, tenant.id()))
			.contains("token_family.revoked");
		// another client's id does not refresh this client's token
		assertThat(
				browser.token(Map.of("grant_type", "refresh_token", "refresh_token", first, "client_id", "cli_unknown"),
						null, null, 401))
			.containsEntry("error", "invalid_client");

		// a public client without PKCE gets an error at its redirect URI, and no code
		HttpResponse<String> noPkce = browser.get("/oauth2/authorize?response_type=code&client_id=" + clientId
				+ "&redirect_uri=" + encode(MOBILE_REDIRECT) + "&scope=openid&state=s1");
		assertThat(location(noPkce)).startsWith(MOBILE_REDIRECT)
			.contains("error=invalid_request")
			.doesNotContain("code=");

		// an unregistered redirect URI: an error page here, never a redirect to it
		HttpResponse<String> unregistered = browser
			.get(authorizeUri(clientId, "https://evil.example.com/callback", "openid", "s2", new Pkce().challenge()));
		assertThat(unregistered.statusCode()).isEqualTo(400);
		assertThat(unregistered.headers().firstValue(HttpHeaders.LOCATION)).isEmpty();

		// signed in for this tenant's app, the browser gets no code for another tenant's
		TestTenant other = newTenant();
		String foreignClient = registerClient(other, "public", List.of(MOBILE_REDIRECT), List.of("openid"))
			.get("client_id")
			.toString();
		HttpResponse<String> foreign = browser
			.get(authorizeUri(foreignClient, MOBILE_REDIRECT, "openid", "s3", new Pkce().challenge()));
		assertThat(location(foreign)).startsWith(MOBILE_REDIRECT)
			.contains("error=access_denied")
			.doesNotContain("code=");
	}

	@Test
	void aWrongPasswordShowsTheErrorOnThePageAndGivesNoCode() throws Exception {
		TestTenant tenant = newTenant();
		String clientId = registerClient(tenant, "public", List.of(MOBILE_REDIRECT), List.of("openid")).get("client_id")
			.toString();
		Browser browser = new Browser();
		browser.get(authorizeUri(clientId, MOBILE_REDIRECT, "openid", "s", new Pkce().challenge()));
		HttpResponse<String> page = browser.get("/login");
		HttpResponse<String> failed = browser.post("/login",
				Map.of("email", tenant.adminEmail(), "password", "wrong password", "_csrf", csrf(page)));
		assertThat(location(failed)).endsWith("/login?error");
		HttpResponse<String> again = browser.follow(failed);
		assertThat(again.body()).containsPattern("role=\"alert\">The email or the password is wrong.<")
			.contains("aria-invalid=\"true\"");
		// the session is not signed in: authorize still sends the browser to the login
		// page
		HttpResponse<String> authorize = browser
			.get(authorizeUri(clientId, MOBILE_REDIRECT, "openid", "s", new Pkce().challenge()));
		assertThat(location(authorize)).endsWith("/login");
		// the user of another tenant with the same password is not found in this app's
		// tenant
		TestTenant other = newTenant();
		HttpResponse<String> elsewhere = browser.post("/login",
				Map.of("email", other.adminEmail(), "password", PASSWORD, "_csrf", csrf(browser.get("/login"))));
		assertThat(location(elsewhere)).endsWith("/login?error");
	}

	@Test
	void aUserWithTotpGivesTheCodeBeforeTheSessionIsSignedIn() throws Exception {
		TestTenant tenant = newTenant();
		String clientId = registerClient(tenant, "public", List.of(MOBILE_REDIRECT), List.of("openid")).get("client_id")
			.toString();
		String email = uniqueEmail();
		String userId = createUser(tenant, email, List.of("member")).get("id").toString();
		byte[] seed = enrolTotp(email);

		Browser browser = new Browser();
		Pkce pkce = new Pkce();
		String state = UUID.randomUUID().toString();
		browser.get(authorizeUri(clientId, MOBILE_REDIRECT, "openid", state, pkce.challenge()));
		HttpResponse<String> password = browser.post("/login",
				Map.of("email", email, "password", PASSWORD, "_csrf", csrf(browser.get("/login"))));
		assertThat(location(password)).endsWith("/login/mfa");
		HttpResponse<String> codePage = browser.follow(password);
		assertThat(codePage.body()).contains("<label for=\"code\">Authentication code</label>",
				"autocomplete=\"one-time-code\"", "role=\"alert\"", "name=\"_csrf\"");
		// not signed in yet: authorize goes back to the login page
		assertThat(location(browser.get(authorizeUri(clientId, MOBILE_REDIRECT, "openid", state, pkce.challenge()))))
			.endsWith("/login");
		codePage = browser.get("/login/mfa");

		long step = Instant.now().getEpochSecond() / 30;
		HttpResponse<String> wrong = browser.post("/login/mfa",
				Map.of("code", wrongCode(seed, step), "_csrf", csrf(codePage)));
		assertThat(location(wrong)).endsWith("/login/mfa?error");
		HttpResponse<String> errorPage = browser.follow(wrong);
		assertThat(errorPage.body()).contains("The code is wrong");

		// the code of the next step: the one used at enrolment is spent
		String good = totp(seed, step + 1);
		HttpResponse<String> verified = browser.post("/login/mfa", Map.of("code", good, "_csrf", csrf(errorPage)));
		assertThat(location(verified)).contains("/oauth2/authorize");
		String code = code(browser.follow(verified), MOBILE_REDIRECT, state);
		Map<String, Object> tokens = browser.token(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", MOBILE_REDIRECT, "client_id", clientId, "code_verifier", pkce.verifier()), null, null,
				200);
		assertThat(claims(tokens.get("access_token").toString()).getSubject()).isEqualTo(userId);

		// the same code on a second sign-in is refused
		Browser other = new Browser();
		other.get(authorizeUri(clientId, MOBILE_REDIRECT, "openid", state, new Pkce().challenge()));
		HttpResponse<String> secondPassword = other.post("/login",
				Map.of("email", email, "password", PASSWORD, "_csrf", csrf(other.get("/login"))));
		HttpResponse<String> replayed = other.post("/login/mfa",
				Map.of("code", good, "_csrf", csrf(other.follow(secondPassword))));
		assertThat(location(replayed)).endsWith("/login/mfa?error");
	}

	private String signIn(Browser browser, String clientId, String redirectUri, String scope, Pkce pkce, String email)
			throws Exception {
		String state = UUID.randomUUID().toString();
		browser.get(authorizeUri(clientId, redirectUri, scope, state, pkce.challenge()));
		HttpResponse<String> signedIn = browser.post("/login",
				Map.of("email", email, "password", PASSWORD, "_csrf", csrf(browser.get("/login"))));
		assertThat(location(signedIn)).contains("/oauth2/authorize");
		return code(browser.follow(signedIn), redirectUri, state);
	}

	private Map<String, Object> registerClient(TestTenant tenant, String type, List<String> redirectUris,
			List<String> scopes) {
		return postCreated(tenant, "/v2/clients",
				Map.of("name", "test app", "type", type, "redirect_uris", redirectUris, "scopes", scopes));
	}

	@SuppressWarnings("unchecked")
	private byte[] enrolTotp(String email) {
		String session = "Bearer " + login(email, PASSWORD).get("access_token");
		Map<String, Object> enrolment = this.client.post()
			.uri("/v2/users/me/mfa/totp")
			.header(HttpHeaders.AUTHORIZATION, session)
			.body(Map.of())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		byte[] seed = Base32.decode(enrolment.get("secret").toString());
		this.client.post()
			.uri("/v2/users/me/mfa/totp/confirm")
			.header(HttpHeaders.AUTHORIZATION, session)
			.body(Map.of("code", totp(seed, Instant.now().getEpochSecond() / 30)))
			.exchange()
			.expectStatus()
			.isOk();
		return seed;
	}

	private static String authorizeUri(String clientId, String redirectUri, String scope, String state,
			String challenge) {
		return "/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + encode(redirectUri)
				+ "&scope=" + encode(scope) + "&state=" + state + "&code_challenge=" + challenge
				+ "&code_challenge_method=S256";
	}

	/** The code in a redirect to the app, after checking the state came back. */
	private static String code(HttpResponse<String> response, String redirectUri, String state) {
		assertThat(response.statusCode()).isEqualTo(302);
		String location = location(response);
		assertThat(location).startsWith(redirectUri + "?");
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : URI.create(location).getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		assertThat(query).containsEntry("state", state).containsKey("code");
		return query.get("code");
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue(HttpHeaders.LOCATION).orElse("");
	}

	private static String csrf(HttpResponse<String> page) {
		Matcher matcher = CSRF.matcher(page.body());
		assertThat(matcher.find()).as("a CSRF field in %s", page.body()).isTrue();
		return matcher.group(1);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** RFC 6238 with the authenticator defaults (SHA-1, 6 digits, 30 s). */
	static String totp(byte[] seed, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(seed, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0xf;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String wrongCode(byte[] seed, long step) {
		List<String> valid = List.of(totp(seed, step - 1), totp(seed, step), totp(seed, step + 1),
				totp(seed, step + 2));
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			if (!valid.contains(code)) {
				return code;
			}
		}
	}

	private record Pkce(String verifier) {

		Pkce() {
			this(Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.UTF_8)));
		}

		String challenge() {
			try {
				return Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(MessageDigest.getInstance("SHA-256")
						.digest(this.verifier.getBytes(StandardCharsets.US_ASCII)));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** A browser: keeps cookies, does not follow redirects, so each hop is asserted. */
	private final class Browser {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		HttpResponse<String> get(String pathOrUri) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(pathOrUri)).header("Accept", "text/html").GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> follow(HttpResponse<String> redirect) throws Exception {
			assertThat(redirect.statusCode()).isEqualTo(302);
			return get(location(redirect));
		}

		HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString(form(form)))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		/** The app's token request (no cookies: a different client from the browser). */
		@SuppressWarnings("unchecked")
		Map<String, Object> token(Map<String, String> form, String clientId, String secret, int status)
				throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri("/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(form)));
			if (secret != null) {
				request.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
					.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
			}
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
			return AuthorizationCodeFlowIntegrationTests.this.json.readValue(response.body(), Map.class);
		}

		private URI uri(String pathOrUri) {
			return pathOrUri.startsWith("http") ? URI.create(pathOrUri)
					: URI.create("http://127.0.0.1:" + AuthorizationCodeFlowIntegrationTests.this.port + pathOrUri);
		}

		private static String form(Map<String, String> form) {
			return form.entrySet()
				.stream()
				.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
				.collect(Collectors.joining("&"));
		}

	}

}
