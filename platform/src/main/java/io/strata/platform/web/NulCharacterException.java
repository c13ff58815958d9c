package io.strata.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string holding U+0000. PostgreSQL refuses NUL in text and JSONB, so such input
 * is the caller's mistake and must be answered 400 before it reaches a store.
 */
public class NulCharacterException extends MismatchedInputException {

	NulCharacterException(JsonParser parser) {
		super(parser, "must not contain the NUL character (U+0000)");
	}

}
