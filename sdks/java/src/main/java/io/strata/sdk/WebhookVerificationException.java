package io.strata.sdk;

/** A webhook delivery failed verification: do not trust it (answer 400 or 401 to the sender). */
public class WebhookVerificationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public WebhookVerificationException(String message) {
		super(message);
	}

}
