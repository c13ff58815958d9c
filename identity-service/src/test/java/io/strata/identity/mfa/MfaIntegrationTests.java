package io.strata.identity.mfa;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP enrolment, the two-step sign-in, replay and recovery-code reuse refused, expired
 * and exhausted challenges, and the tenant policy that makes admins enrol.
 */
class MfaIntegrationTests extends IdentityIntegrationTest {

	@AfterEach
	void forgetFailures() {
		this.jdbc.update("DELETE FROM login_throttle");
	}

	@Test
	@SuppressWarnings("unchecked")
	void enrolConfirmAndSignInWithASecondFactor() throws Exception {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String userId = createUser(tenant, email, List.of("member")).get("id").toString();
		String session = "Bearer " + login(email, PASSWORD).get("access_token");

		Map<String, Object> enrolment = post("/v2/users/me/mfa/totp", session, Map.of(), 201);
		String uri = enrolment.get("otpauth_uri").toString();
		assertThat(uri).startsWith("otpauth://totp/Strata:").contains("secret=" + enrolment.get("secret"));
		assertThat(qrText(enrolment.get("qr_code_png").toString())).isEqualTo(uri);
		byte[] seed = Base32.decode(enrolment.get("secret").toString());
		// the seed is encrypted at rest
		byte[] stored = this.jdbc.queryForObject("SELECT seed FROM mfa_totp WHERE user_id = ?", byte[].class, userId);
		assertThat(new String(stored, StandardCharsets.ISO_8859_1))
			.doesNotContain(new String(seed, StandardCharsets.ISO_8859_1));
		// not enabled before its first code: sign-in still answers tokens
		assertThat(login(email, PASSWORD)).containsKey("access_token");

		long step = Totp.step(Instant.now());
		post("/v2/users/me/mfa/totp/confirm", session, Map.of("code", wrongCode(seed, step)), 400);
		List<String> recovery = (List<String>) post("/v2/users/me/mfa/totp/confirm", session,
				Map.of("code", Totp.code(seed, step)), 200)
			.get("recovery_codes");
		assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
		assertThat(this.jdbc.queryForList("SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?", String.class,
				userId))
			.hasSize(10)
			.doesNotContainAnyElementsOf(recovery);

		// the password alone now answers a challenge
		Map<String, Object> first = login(email, PASSWORD);
		assertThat(first).containsEntry("mfa_required", true).doesNotContainKey("access_token");
		String challenge = first.get("challenge").toString();
		// a wrong code, and the code already used to confirm (replay), are refused
		verify(challenge, wrongCode(seed, step), 401);
		verify(challenge, Totp.code(seed, step), 401);
		Map<String, Object> tokens = verify(challenge, Totp.code(seed, step + 1), 200);
		assertThat(claims(tokens.get("access_token").toString()).getSubject()).isEqualTo(userId);
		assertThat(tokens.get("refresh_token").toString()).startsWith("rt_");
		// the challenge is spent
		verify(challenge, recovery.get(0), 401);

		// a recovery code works once
		verify(login(email, PASSWORD).get("challenge").toString(), recovery.get(0).toUpperCase(), 200);
		verify(login(email, PASSWORD).get("challenge").toString(), recovery.get(0), 401);

		// an expired challenge is refused, without spending the code presented
		String expiring = login(email, PASSWORD).get("challenge").toString();
		this.jdbc.update("UPDATE mfa_challenges SET expires_at = now() - interval '1 second'");
		verify(expiring, recovery.get(1), 401);
		verify(login(email, PASSWORD).get("challenge").toString(), recovery.get(1), 200);

		// five wrong codes spend a challenge: a six-digit code cannot be guessed by
		// retrying
		String guessed = login(email, PASSWORD).get("challenge").toString();
		for (int i = 0; i < 5; i++) {
			verify(guessed, wrongCode(seed, step), 401);
		}
		verify(guessed, recovery.get(2), 401);

		assertThat(this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND target = ?",
				String.class, tenant.id(), userId))
			.contains("mfa.totp_enrolment_started", "mfa.totp_confirmation_failed", "mfa.totp_enabled",
					"mfa.recovery_code_used", "auth.mfa_challenged");
		Map<String, Object> status = get("/v2/users/me/mfa", session);
		assertThat(status).containsEntry("totp", "enabled").containsEntry("recovery_codes_remaining", 8);
	}

	@Test
	void aPolicyRequiringMfaForAdminsMakesThemEnrolAtSignIn() throws Exception {
		TestTenant tenant = newTenant();
		String memberEmail = uniqueEmail();
		createUser(tenant, memberEmail, List.of("member"));
		put("/v2/tenants/-/mfa-policy", tenant.bearer(), Map.of("require", "everyone"), 400);
		put("/v2/tenants/-/mfa-policy", tenant.bearer(), Map.of("require", "admins"), 200);
		assertThat(get("/v2/tenants/-/mfa-policy", tenant.bearer())).containsEntry("require", "admins");

		// members are not concerned
		assertThat(login(memberEmail, PASSWORD)).containsKey("access_token");
		// the admin is told to enrol, with a challenge that allows it
		Map<String, Object> problem = this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", tenant.adminEmail(), "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(problem.get("type").toString()).endsWith("mfa-enrolment-required");
		String challenge = problem.get("challenge").toString();
		Map<String, Object> enrolment = post("/v2/auth/mfa/enrol", null, Map.of("challenge", challenge), 200);
		byte[] seed = Base32.decode(enrolment.get("secret").toString());
		long step = Totp.step(Instant.now());
		verify(challenge, wrongCode(seed, step), 401);
		Map<String, Object> tokens = verify(challenge, Totp.code(seed, step), 200);
		assertThat(claims(tokens.get("access_token").toString()).getSubject()).isEqualTo(tenant.adminId());
		assertThat((List<?>) tokens.get("recovery_codes")).hasSize(10);
		// from now on the admin signs in with the second factor
		assertThat(login(tenant.adminEmail(), PASSWORD)).containsEntry("mfa_required", true);
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ?", String.class, tenant.id()))
			.contains("mfa.policy_changed", "mfa.totp_enabled");

		// another tenant's admin cannot reset this admin's MFA
		this.client.delete()
			.uri("/v2/users/" + tenant.adminId() + "/mfa")
			.header(HttpHeaders.AUTHORIZATION, newTenant().bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private Map<String, Object> verify(String challenge, String code, int status) {
		return post("/v2/auth/mfa/verify", null, Map.of("challenge", challenge, "code", code), status);
	}

	private Map<String, Object> post(String path, String bearer, Object body, int status) {
		var request = this.client.post().uri(path);
		if (bearer != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, bearer);
		}
		return request.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> put(String path, String bearer, Object body, int status) {
		return this.client.put()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> get(String path, String bearer) {
		return this.client.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** A six-digit code that is none of the codes the server would accept now. */
	private static String wrongCode(byte[] seed, long step) {
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			boolean valid = false;
			for (long near = step - 2; near <= step + 2; near++) {
				valid |= Totp.code(seed, near).equals(code);
			}
			if (!valid) {
				return code;
			}
		}
	}

	private static String qrText(String pngBase64) throws Exception {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(pngBase64)));
		// the image is a generated code, not a photo: decode it as one, whatever the
		// random e-mail and secret make its density
		return new MultiFormatReader()
			.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
					Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.TRY_HARDER, Boolean.TRUE))
			.getText();
	}

}
