package io.strata.workflow.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A JSON tree walked into a {@code Struct} equals what protobuf's own {@code JsonFormat}
 * parses from the tree's text (the reference), for every kind of JSON value.
 */
class ProtosTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"title\": \"Résumé \\u2603 \\\"quoted\\\"\", \"priority\": 2}",
			"{\"n\": null, \"yes\": true, \"no\": false, \"pi\": 3.25, \"big\": 12345678901234567890, \"neg\": -7e-3}",
			"{\"nested\": {\"list\": [1, \"two\", null, [3.5], {\"deep\": {\"x\": []}}], \"empty\": {}}}" })
	void walksTheTreeAsJsonFormatParsesItsText(String json) throws InvalidProtocolBufferException {
		Struct.Builder expected = Struct.newBuilder();
		JsonFormat.parser().merge(json, expected);
		assertThat(Protos.struct(JSON.readTree(json))).isEqualTo(expected.build());
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1, 2]", "\"text\"", "3", "null" })
	void refusesWhatIsNotAnObject(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> Protos.struct(JSON.readTree(json)));
	}

}
