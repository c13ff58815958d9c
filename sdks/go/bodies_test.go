package strata

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// The request bodies are the generated request types: optional members the caller left
// empty are not sent (neither as null nor as zero), required ones always are.
func TestRequestBodiesOmitEmptyOptionalMembers(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/v2/resources/actions":
			writeJSON(w, 202, map[string]any{"operations": []any{}})
		case "/v2/webhooks/register", "/v2/webhooks/wh_1":
			writeJSON(w, 200, map[string]any{"id": "wh_1", "url": "http://x", "event_types": []any{"*"}, "status": "active",
				"created_at": "2024-05-01T12:00:00Z", "updated_at": "2024-05-01T12:00:00Z"})
		case "/v2/resource-types":
			writeJSON(w, 201, map[string]any{"name": "ticket", "version": 1, "retired": false, "schema": map[string]any{},
				"lifecycle": map[string]any{}, "tenant_id": "acme", "created_at": "2024-05-01T12:00:00Z"})
		default:
			writeJSON(w, 201, resourceJSON)
		}
	})
	c, _ := f.client()
	ctx := context.Background()
	calls := []struct {
		name string
		call func() error
		want string
	}{
		{"create without attributes", func() error {
			_, err := c.Resources.Create(ctx, CreateResourceParams{Type: "ticket"})
			return err
		}, `{"attributes":{},"type":"ticket"}`},
		{"action without input", func() error {
			_, err := c.Resources.RunAction(ctx, RunActionParams{Action: "approve", ResourceIDs: []string{"res_1"}})
			return err
		}, `{"action":"approve","resource_ids":["res_1"]}`},
		{"action with input", func() error {
			_, err := c.Resources.RunAction(ctx, RunActionParams{Action: "approve", ResourceIDs: []string{"res_1"}, Input: map[string]any{"by": "ops"}})
			return err
		}, `{"action":"approve","input":{"by":"ops"},"resource_ids":["res_1"]}`},
		{"patch", func() error {
			_, err := c.Resources.Patch(ctx, "res_1", map[string]any{"priority": nil})
			return err
		}, `{"attributes":{"priority":null}}`},
		{"type without description", func() error {
			_, err := c.ResourceTypes.Create(ctx, ResourceTypeDefinition{Name: "ticket", Schema: map[string]any{"type": "object"}})
			return err
		}, `{"lifecycle":{},"name":"ticket","schema":{"type":"object"}}`},
		{"webhook with only the required members", func() error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookParams{URL: "http://x", EventTypes: []string{"*"}})
			return err
		}, `{"event_types":["*"],"url":"http://x"}`},
		{"webhook with every member", func() error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookParams{URL: "http://x", EventTypes: []string{"*"}, Description: "d",
				RateLimitPerSecond: 5, Metadata: map[string]string{"team": "ops"}})
			return err
		}, `{"description":"d","event_types":["*"],"metadata":{"team":"ops"},"rate_limit_per_second":5,"url":"http://x"}`},
		{"webhook update of one member", func() error {
			d := "renamed"
			_, err := c.Webhooks.Update(ctx, "wh_1", UpdateWebhookParams{Description: &d})
			return err
		}, `{"description":"renamed"}`},
	}
	for i, tc := range calls {
		if err := tc.call(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := f.body[i]; got != tc.want {
			t.Errorf("%s: sent %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestTypedAnswers(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/v2/analytics/metrics":
			writeJSON(w, 200, map[string]any{"metric": "event_count", "interval": "1h", "start_time": "2024-05-01T12:00:00Z",
				"end_time": "2024-05-01T13:00:00Z", "total": 3, "timestamps": []any{"2024-05-01T12:00:00Z"},
				"buckets": []any{map[string]any{"start": "2024-05-01T12:00:00Z", "count": 3, "groups": map[string]any{"resource.created": 3}}},
				"series":  []any{map[string]any{"key": "resource.created", "counts": []any{3}, "total": 3}}, "group_by": "type"})
		case "/v2/analytics/events":
			writeJSON(w, 200, map[string]any{"items": []any{map[string]any{"id": "evt_1", "type": "resource.created", "topic": "resources",
				"source": "workflow", "tenant_id": "acme", "time": "2024-05-01T12:00:00Z", "resource_id": "res_1", "status_code": nil}},
				"next_page_token": nil})
		case "/v2/resources/actions":
			writeJSON(w, 202, map[string]any{"operations": []any{
				map[string]any{"id": "op_1", "resource_id": "res_1", "status": "pending", "error": nil},
				map[string]any{"id": nil, "resource_id": "res_2", "status": "rejected", "error": map[string]any{
					"type": "https://strata.io/problems/invalid-transition", "title": "Invalid transition", "status": 409,
					"detail": "res_2 is approved"}}}})
		}
	})
	c, _ := f.client()
	ctx := context.Background()

	m, err := c.Analytics.Metrics(ctx, MetricsParams{Interval: "1h", GroupBy: "type"})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := m.Discriminator(); d != "event_count" {
		t.Fatalf("metric %q", d)
	}
	counts, err := m.AsEventCountMetrics()
	if err != nil || counts.Total != 3 || counts.Buckets[0].Groups["resource.created"] != 3 || *counts.GroupBy != "type" {
		t.Fatalf("event counts %+v %v", counts, err)
	}

	events, err := Collect(c.Analytics.Events(ctx, EventsParams{}))
	if err != nil || len(events) != 1 || *events[0].ResourceId != "res_1" || events[0].StatusCode != nil ||
		!events[0].Time.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("events %+v %v", events, err)
	}

	res, err := c.Resources.RunAction(ctx, RunActionParams{Action: "approve", ResourceIDs: []string{"res_1", "res_2"}})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := OperationIDs(res)
	var apiErr *Error
	if len(ids) != 1 || ids[0] != "op_1" || !errors.As(err, &apiErr) || apiErr.Status != 409 ||
		apiErr.Instance != "res_2" || apiErr.Detail != "res_2 is approved" || res.Operations[1].Status != ActionRejected {
		t.Fatalf("ids %v, err %v", ids, err)
	}
}
