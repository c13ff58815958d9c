package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.strata.sdk.FakeServer.Reply;

class ErrorMappingTest {

	private FakeServer server;

	private Strata strata;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeServer();
		this.strata = Strata.builder().baseUrl(this.server.url()).apiKey("sk_test").maxRetries(0).build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aProblemBecomesATypedErrorWithEveryField() {
		this.server.then(Reply.problem(422, """
				{"type":"https://strata.io/problems/validation","title":"Invalid attributes","status":422,
				 "detail":"The attributes do not match the type's schema.","instance":"/v2/resources",
				 "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",
				 "errors":[{"pointer":"/attributes/title","message":"is required"},
				           {"pointer":"/attributes/priority","message":"must be <= 5"}]}"""));
		ValidationException error = assertThrows(ValidationException.class,
				() -> this.strata.resources().create("ticket", Map.of("priority", 9)));
		assertEquals(422, error.status());
		assertEquals("https://strata.io/problems/validation", error.type());
		assertEquals("Invalid attributes", error.title());
		assertEquals("The attributes do not match the type's schema.", error.detail());
		assertEquals("/v2/resources", error.instance());
		assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", error.traceId());
		assertEquals(List.of(new StrataException.FieldError("/attributes/title", "is required"),
				new StrataException.FieldError("/attributes/priority", "must be <= 5")), error.errors());
		assertTrue(error.getMessage().contains("Invalid attributes"), error.getMessage());
	}

	@Test
	void traceIdInCamelCaseIsReadToo() {
		this.server.then(Reply.problem(404, "{\"detail\":\"Resource nope does not exist\",\"instance\":"
				+ "\"/v2/resources/nope\",\"status\":404,\"title\":\"Not found\",\"type\":"
				+ "\"https://strata.io/problems/not-found\",\"traceId\":\"7e97c0ef79b648b488c3ac523d81ab5c\"}"));
		NotFoundException error = assertThrows(NotFoundException.class, () -> this.strata.resources().get("nope"));
		assertEquals("7e97c0ef79b648b488c3ac523d81ab5c", error.traceId());
		assertEquals("Resource nope does not exist", error.detail());
		assertEquals(List.of(), error.errors());
	}

	@ParameterizedTest
	@CsvSource({ "401,io.strata.sdk.AuthenticationException", "403,io.strata.sdk.PermissionDeniedException",
			"404,io.strata.sdk.NotFoundException", "409,io.strata.sdk.ConflictException",
			"412,io.strata.sdk.PreconditionFailedException", "422,io.strata.sdk.ValidationException",
			"429,io.strata.sdk.RateLimitException", "500,io.strata.sdk.StrataException",
			"400,io.strata.sdk.StrataException" })
	void eachStatusHasItsType(int status, String type) throws ClassNotFoundException {
		this.server.then(Reply.problem(status, "{\"title\":\"x\",\"status\":" + status + "}"));
		StrataException error = assertThrows(StrataException.class, () -> this.strata.resources().get("r1"));
		assertEquals(Class.forName(type), error.getClass());
		assertEquals(status, error.status());
	}

	@Test
	void aNonJsonErrorStillHasItsStatus() {
		this.server.then(new Reply(502, Map.of("Content-Type", "text/html"), "<html>Bad gateway</html>",
				java.time.Duration.ZERO));
		StrataException error = assertThrows(StrataException.class, () -> this.strata.resources().get("r1"));
		assertEquals(502, error.status());
		assertEquals("HTTP 502", error.title());
		assertNull(error.type());
		assertEquals("<html>Bad gateway</html>", error.detail());
	}

	@Test
	void aStaleEtagGivesPreconditionFailed() {
		this.server.then(Reply.json(200, "{\"id\":\"r1\",\"version\":2}").header("ETag", "\"2\""))
			.then(Reply.problem(412, "{\"type\":\"https://strata.io/problems/precondition-failed\","
					+ "\"title\":\"Precondition failed\",\"status\":412}"));
		this.strata.resources().get("r1");
		PreconditionFailedException error = assertThrows(PreconditionFailedException.class,
				() -> this.strata.resources().update("r1", Map.of("title", "x")));
		assertEquals("\"2\"", this.server.requests.get(1).header("If-Match"), "the last seen ETag is sent");
		assertInstanceOf(StrataException.class, error);
	}

}
