package io.strata.workflow.support;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Instants as protobuf timestamps ({@code Struct}s: platform {@code proto.Structs}). */
public final class Protos {

	private Protos() {
	}

	public static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
