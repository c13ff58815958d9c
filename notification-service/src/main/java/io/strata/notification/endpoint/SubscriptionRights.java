package io.strata.notification.endpoint;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.EventScopes;

import org.springframework.http.HttpStatus;

/**
 * A webhook subscribes only to events its registrant may read ({@link EventScopes}): a
 * {@code webhooks.write} token cannot route identity's events about people, nor (through
 * {@code *}) every family's, to a URL of its choosing.
 */
final class SubscriptionRights {

	private SubscriptionRights() {
	}

	static void check(Collection<String> eventTypes) {
		if (eventTypes == null) {
			return;
		}
		Set<String> granted = Caller.current().scopes();
		List<String> refused = eventTypes.stream()
			.filter((pattern) -> !EventScopes.maySubscribe(pattern, granted))
			.toList();
		if (!refused.isEmpty()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "event-types-forbidden", "Event types not permitted",
					"This token may not read the event types " + String.join(", ", refused)
							+ " (each event family needs its scope; identity events need identity.admin, * needs"
							+ " every family's).");
		}
	}

}
