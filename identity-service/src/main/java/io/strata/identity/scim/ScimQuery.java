package io.strata.identity.scim;

import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.ScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * A SCIM list request: {@code filter} parsed by the SCIM SDK, {@code startIndex}
 * (1-based) and {@code count} paging (RFC 7644 section 3.4.2).
 *
 * The filter is evaluated in memory by the SDK's {@link FilterEvaluator} over the
 * tenant's resources, which is exact for every operator and attribute the SDK knows. That
 * assumes a tenant provisioned by SCIM has at most {@link #MAX_SCAN} users or groups; the
 * lookup identity providers make on every sync ({@code userName eq "..."}) is answered by
 * an index instead, whatever the tenant's size.
 */
record ScimQuery(Filter filter, int startIndex, int count) {

	static final int DEFAULT_COUNT = 100;

	static final int MAX_COUNT = 500;

	static final int MAX_SCAN = 20_000;

	static ScimQuery of(String filter, Integer startIndex, Integer count) throws ScimException {
		Filter parsed = null;
		if (filter != null && !filter.isBlank()) {
			try {
				parsed = Filter.fromString(filter);
			}
			catch (BadRequestException ex) {
				throw BadRequestException.invalidFilter(ex.getMessage());
			}
		}
		// RFC 7644: a startIndex below 1 is 1, a negative count is 0
		int start = (startIndex == null || startIndex < 1) ? 1 : startIndex;
		int size = (count == null) ? DEFAULT_COUNT : Math.min(Math.max(count, 0), MAX_COUNT);
		return new ScimQuery(parsed, start, size);
	}

	/**
	 * The value of a top-level {@code attribute eq "value"} filter, for an index lookup.
	 */
	String equalityOn(String attribute) {
		if (this.filter != null && this.filter.isComparisonFilter()
				&& this.filter.getFilterType() == com.unboundid.scim2.common.filters.FilterType.EQUAL
				&& this.filter.getAttributePath().size() == 1
				&& this.filter.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase(attribute)
				&& this.filter.getAttributePath().getElement(0).getValueFilter() == null
				&& this.filter.getAttributePath().getSchemaUrn() == null
				&& this.filter.getComparisonValue().isTextual()) {
			return this.filter.getComparisonValue().textValue();
		}
		return null;
	}

	/**
	 * This query with the value of a top-level {@code attribute eq "value"} filter in the
	 * form it is stored in, so the index lookup and the in-memory filter both find the
	 * stored spelling ({@code userName eq "User@Bücher.example"} finds
	 * {@code user@xn--bcher-kva.example}).
	 */
	ScimQuery normalizing(String attribute, UnaryOperator<String> normalization) {
		String value = equalityOn(attribute);
		if (value == null) {
			return this;
		}
		return new ScimQuery(Filter.eq(this.filter.getAttributePath(),
				JsonNodeFactory.instance.textNode(normalization.apply(value))), this.startIndex, this.count);
	}

	<T extends ScimResource> ListResponse<T> apply(List<T> candidates) throws ScimException {
		if (candidates.size() > MAX_SCAN) {
			throw BadRequestException.tooMany("The tenant has more than " + MAX_SCAN
					+ " resources: filter on userName, externalId or displayName with eq");
		}
		List<T> matching = (this.filter != null) ? filter(candidates) : candidates;
		int from = Math.min(this.startIndex - 1, matching.size());
		int to = Math.min(from + this.count, matching.size());
		List<T> page = matching.subList(from, to);
		return new ListResponse<>(matching.size(), page, this.startIndex, page.size());
	}

	private <T extends ScimResource> List<T> filter(List<T> candidates) throws ScimException {
		List<T> matching = new java.util.ArrayList<>();
		for (T candidate : candidates) {
			ObjectNode node = JsonUtils.valueToNode(candidate);
			if (FilterEvaluator.evaluate(this.filter, node)) {
				matching.add(candidate);
			}
		}
		return matching;
	}

}
