package io.strata.gateway.grpc;

import java.util.function.Consumer;

import io.grpc.stub.StreamObserver;
import reactor.core.publisher.Mono;

/**
 * Bridges a unary call on a gRPC async stub into a {@link Mono}, so the gateway's
 * reactive filters call identity and workflow without blocking a thread. (reactor-grpc
 * would generate such stubs, but for two unary calls a generator in the shared contracts
 * module is more than this is worth.)
 */
public final class GrpcMono {

	private GrpcMono() {
	}

	/**
	 * {@code call} starts the RPC with the observer it is given; the Mono emits the
	 * single response.
	 */
	public static <T> Mono<T> unary(Consumer<StreamObserver<T>> call) {
		return Mono.create((sink) -> call.accept(new StreamObserver<>() {

			@Override
			public void onNext(T value) {
				sink.success(value);
			}

			@Override
			public void onError(Throwable error) {
				sink.error(error);
			}

			@Override
			public void onCompleted() {
				sink.success();
			}

		}));
	}

}
