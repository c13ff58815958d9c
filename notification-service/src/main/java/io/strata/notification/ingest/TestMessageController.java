package io.strata.notification.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v2/webhooks/{id}/test}: a test message through the normal delivery path.
 */
@RestController
@Tag(name = "webhooks")
class TestMessageController {

	private final SendingTestMessages testing;

	TestMessageController(SendingTestMessages testing) {
		this.testing = testing;
	}

	/** A test message was queued for the endpoint. */
	@Schema(name = "WebhookTestMessage", description = "The test message queued for delivery to the endpoint.")
	record TestMessage(@Schema(example = "msg_01HZX5B7") String messageId) {

	}

	@PostMapping("/v2/webhooks/{id}/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "testWebhookEndpoint", summary = "Send a test message to the endpoint")
	ResponseEntity<TestMessage> test(@PathVariable String id) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TestMessage(this.testing.send(id)));
	}

}
