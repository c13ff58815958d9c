package io.strata.ml.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.strata.ml.model.ErasingModels;
import io.strata.platform.tenant.TenantErasures;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases a deleted tenant's data: from Redis, where every key of ml that holds a tenant's
 * data carries the tenant as its hash tag ({@code ml:…:{tenant}…}: event counts,
 * detectors, anomalies, model version counters), so one scan finds them all; and from S3,
 * where the tenant's models live under its own prefix. Erasing again finds nothing, so a
 * redelivered deletion is harmless.
 */
@Component
public class ErasingTenantData {

	private final StringRedisTemplate redis;

	private final TenantErasures erasures;

	private final ErasingModels models;

	ErasingTenantData(StringRedisTemplate redis, TenantErasures erasures, ErasingModels models) {
		this.redis = redis;
		this.erasures = erasures;
		this.models = models;
	}

	public void erase(String tenantId) {
		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = this.redis
			.scan(ScanOptions.scanOptions().match("ml:*{" + escape(tenantId) + "}*").count(1000).build())) {
			cursor.forEachRemaining(keys::add);
		}
		long erased = keys.isEmpty() ? 0 : this.redis.delete(keys);
		int objects = this.models.erase(tenantId);
		this.erasures.erased(tenantId, Map.of("redis", erased, "s3", (long) objects));
	}

	/** A tenant id taken literally in a SCAN pattern. */
	private static String escape(String tenantId) {
		return tenantId.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
	}

}
