package io.strata.identity.login;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The browser sign-in pages: plain server-rendered HTML forms that work without
 * JavaScript, with labelled fields, the error in a {@code role="alert"} region tied to
 * the fields, and the CSRF token as a hidden field. The forms post to Spring Security
 * (see {@link LoginSecurityConfiguration}); the redirects it answers carry only a message
 * key, so nothing a caller types is ever echoed back.
 */
@Controller
class LoginPage {

	private static final Map<String, String> ERRORS = Map.of("error", "The email or the password is wrong.", "locked",
			"Too many failed sign-ins. Wait a few minutes, then try again.", "enrol",
			"Your organisation requires two-step verification. Set up an authenticator app for your account first,"
					+ " then sign in again.",
			"no-app", "Sign-in starts from an app: open the app you want to use and sign in from there.", "expired",
			"That sign-in expired or was already used. Please sign in again.");

	private static final Map<String, String> NOTICES = Map.of("signed-out", "You are signed out.", "signed-in",
			"You are signed in. You can return to your app.");

	private final LoginClients clients;

	LoginPage(LoginClients clients) {
		this.clients = clients;
	}

	@GetMapping("/login")
	ResponseEntity<String> login(HttpServletRequest request) {
		String error = message(request, ERRORS);
		String notice = message(request, NOTICES);
		String app = this.clients.of(request).map(LoginClients.App::name).orElse(null);
		String invalid = (error != null) ? " aria-invalid=\"true\"" : "";
		String body = """
				<h1>Sign in</h1>
				%s
				<div id="login-error" role="alert">%s</div>
				<div role="status">%s</div>
				<form method="post" action="%s/login">
				%s
				<label for="email">Email</label>
				<input id="email" name="email" type="email" autocomplete="username" required autofocus
				 aria-describedby="login-error"%s>
				<label for="password">Password</label>
				<input id="password" name="password" type="password" autocomplete="current-password" required
				 aria-describedby="login-error"%s>
				<button type="submit">Sign in</button>
				</form>""".formatted(
				(app != null) ? "<p>to continue to <strong>" + HtmlUtils.htmlEscape(app) + "</strong></p>" : "",
				text(error), text(notice), request.getContextPath(), csrf(request), invalid, invalid);
		return page("Sign in", body);
	}

	@GetMapping("/login/mfa")
	ResponseEntity<String> secondFactor(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(SecondFactorFilter.CHALLENGE) == null) {
			return ResponseEntity.status(HttpStatus.FOUND)
				.header(HttpHeaders.LOCATION, request.getContextPath() + "/login?expired")
				.build();
		}
		String error = (request.getParameter("error") != null)
				? "The code is wrong, expired or already used. Enter the current code from your app." : null;
		String invalid = (error != null) ? " aria-invalid=\"true\"" : "";
		String body = """
				<h1>Two-step verification</h1>
				<div id="code-error" role="alert">%s</div>
				<form method="post" action="%s/login/mfa">
				%s
				<label for="code">Authentication code</label>
				<p id="code-hint">The 6-digit code from your authenticator app, or one of your recovery codes.</p>
				<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
				 autofocus aria-describedby="code-hint code-error"%s>
				<button type="submit">Verify</button>
				</form>
				<p><a href="%s/login">Start again</a></p>""".formatted(text(error), request.getContextPath(),
				csrf(request), invalid, request.getContextPath());
		return page("Two-step verification", body);
	}

	private static String message(HttpServletRequest request, Map<String, String> messages) {
		return messages.entrySet()
			.stream()
			.filter((entry) -> request.getParameter(entry.getKey()) != null)
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static String text(String message) {
		return (message != null) ? HtmlUtils.htmlEscape(message) : "";
	}

	private static String csrf(HttpServletRequest request) {
		CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		return (token != null) ? "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(token.getParameterName())
				+ "\" value=\"" + HtmlUtils.htmlEscape(token.getToken()) + "\">" : "";
	}

	private static ResponseEntity<String> page(String title, String body) {
		String html = """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s · Strata</title>
				<style>
				body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
				label { display: block; margin-top: 1rem; font-weight: 600; }
				input { width: 100%%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
				button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; }
				[role=alert] { color: #a4000f; font-weight: 600; }
				:focus { outline: 3px solid #1a5fb4; outline-offset: 2px; }
				</style>
				</head>
				<body>
				<main>
				%s
				</main>
				</body>
				</html>
				"""
			.formatted(HtmlUtils.htmlEscape(title), body);
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
	}

}
