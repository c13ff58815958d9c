package io.strata.workflow.support;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;

/** JSON text to protobuf {@code Struct} and back, and timestamps. */
public final class Protos {

	private Protos() {
	}

	public static Struct struct(String json) {
		Struct.Builder builder = Struct.newBuilder();
		try {
			JsonFormat.parser().merge(json, builder);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("not a JSON object: " + ex.getMessage(), ex);
		}
		return builder.build();
	}

	public static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
