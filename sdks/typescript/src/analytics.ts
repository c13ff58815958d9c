import { call, init, type Context } from "./core.js";
import { PageIterator } from "./pagination.js";
import type { RequestOptions } from "./transport.js";
import type { AnalyticsEvent, GetMetricsParams, ListEventsParams, Metrics } from "./types.js";

/** strata.analytics: the tenant's event history and metrics. */
export class Analytics {
  constructor(private readonly ctx: Context) {}

  /**
   * The event history, every page (GET /v2/analytics/events):
   * `for await (const e of strata.analytics.events({ filter: 'resource_id = "res_..."' }))`.
   */
  events(params: ListEventsParams = {}, options?: RequestOptions): PageIterator<AnalyticsEvent> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/analytics/events", {
          params: { query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data;
    });
  }

  /**
   * Metrics per interval (GET /v2/analytics/metrics): `event_count` (the default), or the values
   * of `workflow_duration` / `webhook_success_rate`; `group_by` splits them into series.
   */
  async metrics(params: GetMetricsParams = {}, options?: RequestOptions): Promise<Metrics> {
    const { data } = await call(this.ctx.api.GET("/v2/analytics/metrics", { params: { query: params }, ...init(this.ctx, options) }));
    return data;
  }
}
