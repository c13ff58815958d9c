package io.strata.platform.proto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A JSON tree, or the same JSON as plain values, becomes the {@code Struct} protobuf's
 * own {@code JsonFormat} parses from its text (the reference), for every kind of JSON
 * value.
 */
class StructsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"title\": \"Résumé \\u2603 \\\"quoted\\\"\", \"priority\": 2}",
			"{\"n\": null, \"yes\": true, \"no\": false, \"pi\": 3.25, \"big\": 12345678901234567890, \"neg\": -7e-3}",
			"{\"nested\": {\"list\": [1, \"two\", null, [3.5], {\"deep\": {\"x\": []}}], \"empty\": {}}}" })
	void walksTheTreeAsJsonFormatParsesItsText(String json) throws InvalidProtocolBufferException {
		assertThat(Structs.ofTree(JSON.readTree(json))).isEqualTo(parsed(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1, 2]", "\"text\"", "3", "null" })
	void refusesATreeThatIsNotAnObject(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> Structs.ofTree(JSON.readTree(json)));
	}

	@Test
	void plainValuesBecomeWhatTheirJsonParsesTo() throws InvalidProtocolBufferException {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("list", Arrays.asList(1, "two", null, List.of(3.5), Map.of("deep", Map.of("x", List.of()))));
		nested.put("empty", Map.of());
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("n", null);
		values.put("yes", true);
		values.put("pi", 3.25);
		values.put("count", 7L);
		values.put("nested", nested);
		assertThat(Structs.ofMap(values)).isEqualTo(parsed(JSON.writeValueAsString(values)));
	}

	private static Struct parsed(String json) throws InvalidProtocolBufferException {
		Struct.Builder expected = Struct.newBuilder();
		JsonFormat.parser().merge(json, expected);
		return expected.build();
	}

}
