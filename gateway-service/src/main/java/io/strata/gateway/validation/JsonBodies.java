package io.strata.gateway.validation;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Parses request bodies with hard limits: nesting depth (so a body of ten thousand
 * brackets is a 400, not a stack overflow in the gateway or a service), one document
 * only.
 */
final class JsonBodies {

	private final JsonMapper mapper;

	JsonBodies(int maxDepth, long maxBytes) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(maxDepth)
			.maxDocumentLength(maxBytes)
			.build();
		this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	JsonNode parse(byte[] body) {
		try {
			return this.mapper.readTree(body);
		}
		catch (StreamConstraintsException ex) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "too-deep", "Body too deeply nested",
					"The JSON body exceeds the limits of the API (nesting depth or size).");
		}
		catch (JacksonException ex) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The body is not valid JSON.");
		}
	}

}
