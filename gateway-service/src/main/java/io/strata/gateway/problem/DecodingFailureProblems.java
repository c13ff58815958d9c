package io.strata.gateway.problem;

import java.net.URI;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.Problems;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Requests Reactor Netty refuses while decoding them (headers over the size limit, a
 * malformed request line) never reach Spring: Netty answers them itself with an empty
 * body and closes the connection. This gives those answers the platform's problem+json
 * body, with a fresh trace id that is logged so it can be quoted.
 */
@Component
class DecodingFailureProblems implements NettyServerCustomizer {

	private static final Logger log = LoggerFactory.getLogger(DecodingFailureProblems.class);

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, "strataDecodingFailureProblems", new Handler());
			}
		});
	}

	static final class Handler extends ChannelOutboundHandlerAdapter {

		private static final JsonMapper json = JsonMapper.builder().build();

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof FullHttpResponse response && isDecodingFailure(response)) {
				int status = response.status().code();
				String traceId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
						+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
				log.info("Refused an undecodable request with {} (traceId {})", status, traceId);
				ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), Problems.typeFor(status),
						response.status().reasonPhrase(),
						"The request could not be read (too large or too many headers, or a malformed request line).");
				problem.setInstance(URI.create("/"));
				problem.setProperty("traceId", traceId);
				byte[] body = json.writeValueAsBytes(Problems.toMap(problem));
				response.content().writeBytes(body);
				response.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
					.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
			}
			super.write(context, message, promise);
		}

		/** Netty's own refusals: 4xx, no body, no content type, connection closing. */
		private static boolean isDecodingFailure(FullHttpResponse response) {
			return response.status().code() >= 400 && response.status().code() < 500
					&& response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
					&& response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
		}

	}

}
