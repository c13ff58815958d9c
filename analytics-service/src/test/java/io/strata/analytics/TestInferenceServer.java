package io.strata.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.proto.ml.v1.EmbedRequest;
import io.strata.proto.ml.v1.EmbedResponse;
import io.strata.proto.ml.v1.InferenceServiceGrpc;

/**
 * ml-service's {@code InferenceService.Embed} as analytics sees it, on a real gRPC server
 * with the real model (ml-service's own tests cover its service; a module never depends
 * on another service's module). It can be switched off to play ml being down.
 */
public final class TestInferenceServer extends InferenceServiceGrpc.InferenceServiceImplBase {

	private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

	private final Server server;

	private volatile boolean available = true;

	private volatile int maxTexts = Integer.MAX_VALUE;

	private TestInferenceServer() {
		try {
			this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(this).build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static TestInferenceServer start() {
		return new TestInferenceServer();
	}

	public String address() {
		return "127.0.0.1:" + this.server.getPort();
	}

	/** Whether Embed answers, or fails as an unreachable ml-service does. */
	public void available(boolean available) {
		this.available = available;
	}

	/**
	 * The most texts a call may carry: a larger one fails as a call to a slow ml-service
	 * does, out of time.
	 */
	public void maxTexts(int maxTexts) {
		this.maxTexts = maxTexts;
	}

	@Override
	public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
		if (!this.available) {
			responses.onError(Status.UNAVAILABLE.withDescription("switched off by the test").asRuntimeException());
			return;
		}
		if (request.getTextsCount() > this.maxTexts) {
			responses.onError(
					Status.DEADLINE_EXCEEDED.withDescription("too many texts to embed in time").asRuntimeException());
			return;
		}
		List<Embedding> embeddings = this.model
			.embedAll(request.getTextsList().stream().map(TextSegment::from).toList())
			.content();
		EmbedResponse.Builder response = EmbedResponse.newBuilder()
			.setModel("all-minilm-l6-v2-q")
			.setModelVersion("test")
			.setDimensions(this.model.dimension());
		for (Embedding embedding : embeddings) {
			io.strata.proto.ml.v1.Embedding.Builder values = io.strata.proto.ml.v1.Embedding.newBuilder();
			for (float value : embedding.vector()) {
				values.addValues(value);
			}
			response.addEmbeddings(values);
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

}
