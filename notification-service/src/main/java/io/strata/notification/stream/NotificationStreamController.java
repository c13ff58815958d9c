package io.strata.notification.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.security.Caller;
import io.strata.platform.security.EventScopes;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live push to apps: a server-sent-events stream of the caller's tenant events, each
 * {@code id: <cursor>}, {@code event: <type>}, {@code data: <webhook body>}. Without
 * {@code Last-Event-ID} it starts with the next event; with it, it resumes right after
 * that event. Each stream polls the tenant's messages on its own virtual thread, so any
 * instance can serve any client. A caller receives only the event types its scopes may
 * read ({@link EventScopes}): identity's events about people only with
 * {@code identity.admin}.
 */
@RestController
@Tag(name = "notifications")
class NotificationStreamController {

	private static final Logger log = LoggerFactory.getLogger(NotificationStreamController.class);

	private final TenantEventLog events;

	private final StreamProperties properties;

	NotificationStreamController(TenantEventLog events, StreamProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@GetMapping(path = "/v2/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "streamNotifications",
			summary = "Stream the tenant's events as server-sent events (resume with Last-Event-ID)")
	@ApiResponse(responseCode = "200",
			description = "Server-sent events: id is the cursor, event the event type, data the webhook body.",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
					example = "id: 812:3\nevent: resource.created\ndata: {\"type\": \"resource.created\"}\n\n")))
	SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		Caller caller = Caller.current();
		String tenant = caller.tenantId();
		Set<String> scopes = caller.scopes();
		StreamCursor start = (lastEventId != null && !lastEventId.isBlank()) ? StreamCursor.parse(lastEventId)
				: this.events.latest(tenant);
		SseEmitter emitter = new SseEmitter(this.properties.maxDuration().toMillis());
		AtomicBoolean open = new AtomicBoolean(true);
		emitter.onCompletion(() -> open.set(false));
		emitter.onTimeout(() -> open.set(false));
		emitter.onError((ex) -> open.set(false));
		Thread.ofVirtual().name("sse-" + tenant).start(() -> push(tenant, scopes, start, emitter, open));
		return emitter;
	}

	private void push(String tenant, Set<String> scopes, StreamCursor start, SseEmitter emitter, AtomicBoolean open) {
		StreamCursor cursor = start;
		long idleSince = System.nanoTime();
		try {
			while (open.get()) {
				List<TenantEventLog.Event> rows = this.events.after(tenant, cursor);
				for (TenantEventLog.Event row : rows) {
					if (EventScopes.mayRead(row.type(), scopes)) {
						emitter.send(SseEmitter.event()
							.id(row.cursor().toString())
							.name(row.type())
							.data(row.body(), MediaType.APPLICATION_JSON));
					}
					cursor = row.cursor();
				}
				if (!rows.isEmpty()) {
					idleSince = System.nanoTime();
					continue;
				}
				if (System.nanoTime() - idleSince > this.properties.heartbeat().toNanos()) {
					emitter.send(SseEmitter.event().comment("keep-alive"));
					idleSince = System.nanoTime();
				}
				Thread.sleep(this.properties.pollInterval().toMillis());
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away
			log.debug("Stream of tenant {} closed: {}", tenant, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("Stream of tenant {} failed: {}", tenant, ex.toString());
			emitter.completeWithError(ex);
			return;
		}
		emitter.complete();
	}

}
