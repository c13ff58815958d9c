package io.strata.analytics.search;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Names of this service's indices, all under one prefix (empty in production, unique per
 * test context) so that several deployments or tests share one cluster.
 */
public record IndexNames(String prefix) {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

	public IndexNames {
		prefix = (prefix != null) ? prefix : "";
	}

	/** The alias every read and write of the resource read model goes through. */
	public String resourcesAlias() {
		return this.prefix + "resources";
	}

	/** A concrete resources index; a rebuild creates a new one and moves the alias. */
	public String resourcesIndex(String generation) {
		return this.prefix + "resources-" + generation;
	}

	/** Each tenant's resource types' text attributes (see ResourceTypeTexts). */
	public String resourceTypesIndex() {
		return this.prefix + "resource-types";
	}

	/** The daily event history partition of a day (UTC). */
	public String eventsIndex(LocalDate day) {
		return eventsIndexPrefix() + DAY.format(day);
	}

	public String eventsIndexPrefix() {
		return this.prefix + "events-";
	}

	public String eventsPattern() {
		return eventsIndexPrefix() + "*";
	}

	/** The day of an event history partition, if the name is one. */
	public Optional<LocalDate> eventsDay(String index) {
		if (!index.startsWith(eventsIndexPrefix())) {
			return Optional.empty();
		}
		try {
			return Optional.of(LocalDate.parse(index.substring(eventsIndexPrefix().length()), DAY));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

}
