package io.strata.identity.auth;

/** What a successful sign-in or refresh answers (the OAuth2 token response's shape). */
record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

}
