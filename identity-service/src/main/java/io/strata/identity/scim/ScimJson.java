package io.strata.identity.scim;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.utils.ApiConstants;
import com.unboundid.scim2.common.utils.JsonUtils;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * SCIM documents in and out with the SCIM SDK's own (Jackson 2) mapper: SCIM's attribute
 * names are camelCase and its types carry Jackson 2 annotations, so they stay away from
 * the platform's snake_case Jackson 3 mapper. Controllers exchange bytes.
 */
final class ScimJson {

	static final MediaType SCIM = MediaType.parseMediaType(ApiConstants.MEDIA_TYPE_SCIM);

	/** Larger SCIM documents are refused rather than parsed. */
	static final int MAX_BODY = 1024 * 1024;

	private ScimJson() {
	}

	static <T> T read(byte[] body, Class<T> type) throws ScimException {
		if (body == null || body.length == 0) {
			throw BadRequestException.invalidSyntax("The request needs a SCIM document");
		}
		if (body.length > MAX_BODY) {
			throw new ScimException(HttpStatus.CONTENT_TOO_LARGE.value(), null,
					"The request body exceeds " + MAX_BODY + " bytes");
		}
		T document;
		try {
			document = JsonUtils.getObjectReader().forType(type).readValue(body);
		}
		catch (JsonProcessingException ex) {
			throw BadRequestException
				.invalidSyntax("The request body is not a valid SCIM document: " + ex.getOriginalMessage());
		}
		catch (IOException | IllegalArgumentException ex) {
			throw BadRequestException.invalidSyntax("The request body is not a valid SCIM document");
		}
		if (document == null) {
			throw BadRequestException.invalidSyntax("The request needs a SCIM document, not null");
		}
		return document;
	}

	static ResponseEntity<byte[]> respond(HttpStatus status, Object body, String etag, URI location) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(SCIM);
		if (etag != null) {
			response.eTag(etag);
		}
		if (location != null) {
			response.location(location);
		}
		return response.body(write(body));
	}

	static ResponseEntity<byte[]> error(ErrorResponse error) {
		return ResponseEntity.status(error.getStatus()).contentType(SCIM).body(write(error));
	}

	static byte[] write(Object body) {
		try {
			return JsonUtils.getObjectWriter().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A SCIM document could not be written", ex);
		}
	}

}
