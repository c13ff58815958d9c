package strata

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// AnalyticsService is client.Analytics.
type AnalyticsService struct{ c *Client }

// EventsParams filters the event history.
type EventsParams struct {
	// Filter is an AIP-160 filter, e.g. `type = "resource.created" AND resource_type = "ticket"`.
	Filter string
	// StartTime and EndTime bound the events' time (zero means unbounded).
	StartTime, EndTime time.Time
	// OrderBy is e.g. "time desc".
	OrderBy  string
	PageSize int
}

// Events iterates over the tenant's event history (GET /v2/analytics/events).
func (s *AnalyticsService) Events(ctx context.Context, params EventsParams) iter.Seq2[Event, error] {
	q := ListParams{PageSize: params.PageSize}.apply(nil)
	setIf(q, "filter", params.Filter)
	setIf(q, "order_by", params.OrderBy)
	setTime(q, "start_time", params.StartTime)
	setTime(q, "end_time", params.EndTime)
	return paginate[Event](ctx, s.c, "/v2/analytics/events", q)
}

// MetricsParams asks for a metric over time.
type MetricsParams struct {
	// Metric is "event_count" (default), "workflow_duration" or "webhook_success_rate".
	Metric string
	// Interval is the bucket width, e.g. "1h", "1d".
	Interval string
	// StartTime and EndTime bound the range (zero means the server's default).
	StartTime, EndTime time.Time
	// GroupBy splits counts, e.g. "type".
	GroupBy string
	Filter  string
}

// Metrics reads a metric per interval (GET /v2/analytics/metrics). The answer's shape
// depends on the metric: AsEventCountMetrics for "event_count", AsValueMetrics for the
// others.
func (s *AnalyticsService) Metrics(ctx context.Context, params MetricsParams) (*Metrics, error) {
	q := url.Values{}
	setIf(q, "metric", params.Metric)
	setIf(q, "interval", params.Interval)
	setTime(q, "start_time", params.StartTime)
	setTime(q, "end_time", params.EndTime)
	setIf(q, "group_by", params.GroupBy)
	setIf(q, "filter", params.Filter)
	m, _, err := call[Metrics](ctx, s.c, request{method: http.MethodGet, path: "/v2/analytics/metrics", query: q})
	return m, err
}

func setTime(q url.Values, key string, t time.Time) {
	if !t.IsZero() {
		q.Set(key, t.UTC().Format(time.RFC3339))
	}
}
