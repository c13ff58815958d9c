package io.strata.platform.filter;

import java.util.List;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A filter that does not follow the grammar. It is a {@link ProblemException}, so a
 * service that lets it escape answers 400 problem+json whose detail names the position
 * and what was expected there.
 */
public class FilterSyntaxException extends ProblemException {

	private final int position;

	private final List<String> expected;

	private final String reason;

	public FilterSyntaxException(int position, String reason, List<String> expected) {
		super(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter", describe(position, reason, expected),
				List.of(new FieldViolation("/filter", describe(position, reason, expected))));
		this.position = position;
		this.reason = reason;
		this.expected = List.copyOf(expected);
	}

	/** Zero-based character offset into the filter where the problem starts. */
	public int position() {
		return this.position;
	}

	/** What the grammar allowed at {@link #position()}; empty when not applicable. */
	public List<String> expected() {
		return this.expected;
	}

	public String reason() {
		return this.reason;
	}

	private static String describe(int position, String reason, List<String> expected) {
		StringBuilder detail = new StringBuilder("Invalid filter at position ").append(position)
			.append(": ")
			.append(reason);
		if (!expected.isEmpty()) {
			detail.append("; expected ").append(String.join(" or ", expected));
		}
		return detail.toString();
	}

}
