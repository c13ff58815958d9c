package io.strata.platform.events;

/**
 * Names of event types and topics. A short type such as {@code resource.created} travels
 * as the CloudEvents type {@code io.strata.resource.created.v1}; a breaking change is a
 * new {@code .vN}.
 */
public final class EventTypes {

	private static final String PREFIX = "io.strata.";

	private EventTypes() {
	}

	public static String cloudEventType(String shortType, int version) {
		return PREFIX + shortType + ".v" + version;
	}

	/** {@code io.strata.resource.created.v1} back to {@code resource.created}. */
	public static String shortType(String cloudEventType) {
		String type = cloudEventType.startsWith(PREFIX) ? cloudEventType.substring(PREFIX.length()) : cloudEventType;
		int version = type.lastIndexOf(".v");
		return (version > 0 && type.substring(version + 2).chars().allMatch(Character::isDigit))
				? type.substring(0, version) : type;
	}

}
