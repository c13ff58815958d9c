package io.strata.identity.login;

/**
 * What the login form's request adds to the typed credentials: the app's tenant (null
 * when the sign-in did not start from an app) and the client address for throttling.
 */
record LoginDetails(String tenantId, String clientAddress) {

}
