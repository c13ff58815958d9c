package io.strata.gateway.graphql;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Spring's {@code graphql-transport-ws} handler, which closes a socket itself only with
 * the protocol's codes (4401 when {@code connection_init} fails, 4400, 4409, …). The edge
 * also closes with 4403 (the credentials lack the scope) and with 4401 when the token
 * expires, at any time: {@link #close} ends the session's outgoing messages and then
 * sends the close frame (a close frame sent beside a send in progress reaches the client
 * as an abnormal closure, 1006).
 */
final class SubscriptionSocketHandler extends GraphQlWebSocketHandler {

	private static final String CLOSER = SubscriptionSocketHandler.class.getName() + ".closer";

	SubscriptionSocketHandler(WebGraphQlHandler handler, CodecConfigurer codecs, Duration initTimeout,
			Duration keepAlive, CorsConfiguration cors) {
		super(handler, codecs, initTimeout, keepAlive, cors);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Closer closer = new Closer(session);
		session.getAttributes().put(CLOSER, closer);
		return super.handle(new ClosableSession(session, closer));
	}

	/** Ends the socket of this session with the code and reason. */
	static void close(WebSocketSessionInfo info, CloseStatus status) {
		Closer closer = (Closer) info.getAttributes().get(CLOSER);
		if (closer != null) {
			closer.request(status);
		}
	}

	/** Completes when the session's socket closes, or its close is requested. */
	static Mono<Void> closed(WebSocketSessionInfo info) {
		Closer closer = (Closer) info.getAttributes().get(CLOSER);
		return (closer != null) ? Mono.firstWithSignal(closer.session.closeStatus(), closer.requested.asMono()).then()
				: Mono.never();
	}

	/** A close the edge asked for. */
	private static final class Closer {

		private final WebSocketSession session;

		private final Sinks.One<CloseStatus> requested = Sinks.one();

		Closer(WebSocketSession session) {
			this.session = session;
		}

		void request(CloseStatus status) {
			// the first close asked for wins
			this.requested.tryEmitValue(status);
		}

	}

	/**
	 * The session, whose outgoing messages stop when the edge asks to close it, which it
	 * then does with the asked code.
	 */
	private static final class ClosableSession implements WebSocketSession {

		private final WebSocketSession delegate;

		private final Closer closer;

		ClosableSession(WebSocketSession delegate, Closer closer) {
			this.delegate = delegate;
			this.closer = closer;
		}

		/**
		 * The close frame goes out as part of the outgoing messages, as Spring's handler
		 * sends its own.
		 */
		@Override
		public Mono<Void> send(Publisher<WebSocketMessage> messages) {
			Flux<WebSocketMessage> closing = this.closer.requested.asMono()
				.flatMapMany((status) -> this.delegate.close(status).thenMany(Flux.empty()));
			return this.delegate.send(Flux.merge(messages, closing));
		}

		@Override
		public Mono<Void> close(CloseStatus status) {
			return this.delegate.close(status);
		}

		@Override
		public String getId() {
			return this.delegate.getId();
		}

		@Override
		public HandshakeInfo getHandshakeInfo() {
			return this.delegate.getHandshakeInfo();
		}

		@Override
		public DataBufferFactory bufferFactory() {
			return this.delegate.bufferFactory();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.delegate.getAttributes();
		}

		@Override
		public Flux<WebSocketMessage> receive() {
			return this.delegate.receive();
		}

		@Override
		public boolean isOpen() {
			return this.delegate.isOpen();
		}

		@Override
		public Mono<CloseStatus> closeStatus() {
			return this.delegate.closeStatus();
		}

		@Override
		public WebSocketMessage textMessage(String payload) {
			return this.delegate.textMessage(payload);
		}

		@Override
		public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
			return this.delegate.binaryMessage(payloadFactory);
		}

		@Override
		public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
			return this.delegate.pingMessage(payloadFactory);
		}

		@Override
		public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
			return this.delegate.pongMessage(payloadFactory);
		}

	}

}
