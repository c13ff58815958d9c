package io.strata.platform.tenant;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports that a service erased a deleted tenant's data: a log line naming what went and
 * the metrics {@code strata.tenant.erasures} (erasures run, a redelivered deletion
 * included) and {@code strata.tenant.erased.records} (tagged by store). No event: nobody
 * consumes one yet, and an operator confirms an erasure from these.
 */
public class TenantErasures {

	private static final Logger log = LoggerFactory.getLogger(TenantErasures.class);

	private final MeterRegistry meters;

	public TenantErasures(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * @param tenantId the erased tenant
	 * @param erased records removed per store (table, index), zero for a repeat
	 */
	public void erased(String tenantId, Map<String, Long> erased) {
		Counter.builder("strata.tenant.erasures")
			.description("Erasures of a deleted tenant's data")
			.register(this.meters)
			.increment();
		erased.forEach((store, count) -> Counter.builder("strata.tenant.erased.records")
			.description("Records erased with deleted tenants")
			.tag("store", store)
			.register(this.meters)
			.increment(count));
		log.info("Erased the data of deleted tenant {}: {}", tenantId, erased);
	}

}
