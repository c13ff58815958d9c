package io.strata.workflow.engine.model;

import java.util.Locale;

/** Where a workflow run stands; the lower-case name is what the API shows. */
public enum RunStatus {

	PENDING, RUNNING, WAITING, COMPLETED, FAILED, COMPENSATING, COMPENSATED, CANCELLED;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static RunStatus fromWire(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	public boolean terminal() {
		return this == COMPLETED || this == FAILED || this == COMPENSATED || this == CANCELLED;
	}

}
