package strata_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	strata "github.com/strata-platform/strata/sdks/go"
)

// These tests run against a platform started by `./strata up` when STRATA_BASE_URL is set
// (with STRATA_CLIENT_ID and STRATA_CLIENT_SECRET); without it they are skipped. Each run
// works on its own resource type, sdk_go_<random>, so several SDKs can share one tenant.

func integrationClient(t *testing.T) *strata.Client {
	t.Helper()
	base := os.Getenv("STRATA_BASE_URL")
	if base == "" {
		t.Skip("integration test skipped: STRATA_BASE_URL is not set (set it with STRATA_CLIENT_ID and STRATA_CLIENT_SECRET to run against ./strata up)")
	}
	id, secret := os.Getenv("STRATA_CLIENT_ID"), os.Getenv("STRATA_CLIENT_SECRET")
	if id == "" || secret == "" {
		t.Fatal("STRATA_BASE_URL is set but STRATA_CLIENT_ID or STRATA_CLIENT_SECRET is not")
	}
	c, err := strata.NewClient(base, strata.WithClientCredentials(id, secret), strata.WithUserAgent("strata-go-integration-test"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func uniqueName(t *testing.T) string {
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "sdk_go_" + hex.EncodeToString(b)
}

func defineType(t *testing.T, ctx context.Context, c *strata.Client) string {
	t.Helper()
	name := uniqueName(t)
	rt, err := c.ResourceTypes.Create(ctx, strata.ResourceTypeDefinition{
		Name:        name,
		Description: "Go SDK integration test",
		Schema: map[string]any{"type": "object", "required": []any{"title"}, "properties": map[string]any{
			"title": map[string]any{"type": "string"}, "priority": map[string]any{"type": "integer", "minimum": 1, "maximum": 5},
			"approved_by": map[string]any{"type": "string"}}},
		Lifecycle: map[string]any{"initial": "open", "states": []any{"open", "approved"},
			"actions": map[string]any{"approve": map[string]any{"from": []any{"open"}, "to": "approved",
				"input_schema": map[string]any{"type": "object"},
				"workflow": map[string]any{"steps": []any{map[string]any{"name": "stamp", "type": "resource.set",
					"input": map[string]any{"attributes": map[string]any{"approved_by": "input.approver"}}}}}}}},
	})
	if err != nil {
		t.Fatalf("define resource type %s: %v", name, err)
	}
	if rt.Name != name {
		t.Fatalf("defined %q, got %q", name, rt.Name)
	}
	t.Cleanup(func() { _, _ = c.ResourceTypes.Retire(context.Background(), name) })
	return name
}

func TestIntegrationResourceLifecycle(t *testing.T) {
	c := integrationClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	typeName := defineType(t, ctx, c)

	got, err := c.ResourceTypes.Get(ctx, typeName)
	if err != nil || got.Name != typeName {
		t.Fatalf("get type: %v %v", got, err)
	}

	created, err := c.Resources.Create(ctx, strata.CreateResourceParams{Type: typeName, Attributes: map[string]any{"title": "Broken login", "priority": 2}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Type != typeName || created.State != "open" || created.Id == "" {
		t.Fatalf("created %+v", created)
	}
	firstETag := c.Resources.ETag(created.Id)
	if firstETag == "" {
		t.Fatal("create answered no ETag")
	}

	read, err := c.Resources.Get(ctx, created.Id)
	if err != nil || read.Id != created.Id || read.Attributes.(map[string]any)["title"] != "Broken login" {
		t.Fatalf("get: %+v %v", read, err)
	}

	updated, err := c.Resources.Update(ctx, created.Id, map[string]any{"title": "Broken login (again)", "priority": 1})
	if err != nil {
		t.Fatalf("update with If-Match: %v", err)
	}
	if updated.Version <= created.Version || c.Resources.ETag(created.Id) == firstETag {
		t.Fatalf("update kept version %d / etag %s", updated.Version, firstETag)
	}

	_, err = c.Resources.Update(ctx, created.Id, map[string]any{"title": "lost update"}, strata.WriteOptions{IfMatch: firstETag})
	var apiErr *strata.Error
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusPreconditionFailed {
		t.Fatalf("stale If-Match: want a typed 412, got %v", err)
	}
	if apiErr.Type == "" || apiErr.Title == "" {
		t.Fatalf("412 without problem members: %+v", apiErr)
	}

	patched, err := c.Resources.Patch(ctx, created.Id, map[string]any{"priority": 3})
	if err != nil || patched.Attributes.(map[string]any)["priority"] != float64(3) || patched.Attributes.(map[string]any)["title"] != "Broken login (again)" {
		t.Fatalf("patch: %+v %v", patched, err)
	}

	ids := map[string]bool{created.Id: true}
	for i := 0; i < 2; i++ {
		r, err := c.Resources.Create(ctx, strata.CreateResourceParams{Type: typeName, Attributes: map[string]any{"title": fmt.Sprintf("extra %d", i), "priority": 5}})
		if err != nil {
			t.Fatalf("create extra: %v", err)
		}
		ids[r.Id] = true
	}

	// The search index is eventually consistent: poll (bounded) until all three show up,
	// iterating over pages of two.
	deadline := time.Now().Add(30 * time.Second)
	for {
		seen := map[string]bool{}
		for r, err := range c.Resources.List(ctx, strata.ListResourcesParams{Filter: fmt.Sprintf("type = %q", typeName), OrderBy: "created_at desc", PageSize: 2}) {
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			if r.Type != typeName {
				t.Fatalf("filter let through %+v", r)
			}
			seen[r.Id] = true
		}
		if len(seen) == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the search index shows %d of %d resources after 30s", len(seen), len(ids))
		}
		time.Sleep(500 * time.Millisecond)
	}

	result, err := c.Resources.RunAction(ctx, strata.RunActionParams{Action: "approve", ResourceIDs: []string{created.Id}, Input: map[string]any{"approver": "ops"}})
	if err != nil {
		t.Fatalf("run action: %v", err)
	}
	opIDs, err := strata.OperationIDs(result)
	if err != nil || len(opIDs) != 1 || result.Operations[0].Status != strata.ActionStarted {
		t.Fatalf("action result %+v: %v", result, err)
	}
	op, err := c.Operations.Wait(ctx, opIDs[0], strata.WithWaitTimeout(60*time.Second))
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	if op.Status != strata.OperationCompleted {
		t.Fatalf("operation ended %s: %v", op.Status, op.Error)
	}
	found := false
	for o, err := range c.Operations.List(ctx, strata.ListOperationsParams{ResourceID: created.Id, PageSize: 5}) {
		if err != nil {
			t.Fatalf("list operations: %v", err)
		}
		found = found || o.Id == op.Id
	}
	if !found {
		t.Fatalf("list of %s's operations lacks %s", created.Id, op.Id)
	}

	// A second approve is refused (the resource is no longer open): refused on every
	// resource, the call itself fails with a typed 409 naming the resource.
	_, err = c.Resources.RunAction(ctx, strata.RunActionParams{Action: "approve", ResourceIDs: []string{created.Id}, Input: map[string]any{}})
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusConflict || len(apiErr.Errors) != 1 || apiErr.Errors[0].Pointer != "/resource_ids/0" {
		t.Fatalf("action on an approved resource: want a typed 409, got %v", err)
	}
	approved, err := c.Resources.Get(ctx, created.Id)
	if err != nil || approved.State != "approved" || approved.Attributes.(map[string]any)["approved_by"] != "ops" {
		t.Fatalf("after the action: %+v %v", approved, err)
	}

	for id := range ids {
		if err := c.Resources.Delete(ctx, id); err != nil {
			t.Fatalf("delete %s: %v", id, err)
		}
	}
	_, err = c.Resources.Get(ctx, created.Id)
	if !errors.Is(err, &strata.Error{Status: http.StatusNotFound}) {
		t.Fatalf("get after delete: %v", err)
	}
}

func TestIntegrationWebhookEndpoints(t *testing.T) {
	c := integrationClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	description := uniqueName(t)
	ep, err := c.Webhooks.Create(ctx, strata.CreateWebhookParams{URL: "http://127.0.0.1:9/hook", EventTypes: []string{"resource.*"}, Description: description})
	if err != nil {
		t.Fatalf("create endpoint: %v", err)
	}
	if ep.Id == "" || ep.Secret == nil || len(*ep.Secret) < 10 || (*ep.Secret)[:6] != "whsec_" {
		t.Fatalf("created %+v", ep)
	}
	got, err := c.Webhooks.Get(ctx, ep.Id)
	if err != nil || got.Description == nil || *got.Description != description || got.Url != "http://127.0.0.1:9/hook" || got.Secret != nil {
		t.Fatalf("get endpoint: %+v %v", got, err)
	}
	found := false
	for e, err := range c.Webhooks.List(ctx, strata.ListParams{PageSize: 2}) {
		if err != nil {
			t.Fatalf("list endpoints: %v", err)
		}
		found = found || e.Id == ep.Id
	}
	if !found {
		t.Fatal("list does not show the new endpoint")
	}
	newDescription := description + " (renamed)"
	updated, err := c.Webhooks.Update(ctx, ep.Id, strata.UpdateWebhookParams{Description: &newDescription})
	if err != nil || updated.Description == nil || *updated.Description != newDescription || len(updated.EventTypes) != 1 {
		t.Fatalf("update endpoint: %+v %v", updated, err)
	}
	if err := c.Webhooks.Delete(ctx, ep.Id); err != nil {
		t.Fatalf("delete endpoint: %v", err)
	}
	if _, err := c.Webhooks.Get(ctx, ep.Id); !errors.Is(err, &strata.Error{Status: http.StatusNotFound}) {
		t.Fatalf("get after delete: %v", err)
	}
}

func TestIntegrationAnalytics(t *testing.T) {
	c := integrationClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	typeName := defineType(t, ctx, c)
	r, err := c.Resources.Create(ctx, strata.CreateResourceParams{Type: typeName, Attributes: map[string]any{"title": "event source"}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var events []strata.Event
		for e, err := range c.Analytics.Events(ctx, strata.EventsParams{Filter: fmt.Sprintf("resource_id = %q", r.Id), PageSize: 10}) {
			if err != nil {
				t.Fatalf("events: %v", err)
			}
			events = append(events, e)
		}
		if len(events) > 0 {
			if events[0].ResourceId == nil || *events[0].ResourceId != r.Id || events[0].Type == "" || events[0].Time.IsZero() {
				t.Fatalf("event %+v", events[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no event of resource %s in the history after 30s", r.Id)
		}
		time.Sleep(500 * time.Millisecond)
	}
	m, err := c.Analytics.Metrics(ctx, strata.MetricsParams{Interval: "1h", GroupBy: "type"})
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	counts, err := m.AsEventCountMetrics()
	if err != nil || counts.Metric != "event_count" || counts.Interval != "1h" || counts.Total < 1 {
		t.Fatalf("metrics answer %+v: %v", counts, err)
	}
	m, err = c.Analytics.Metrics(ctx, strata.MetricsParams{Metric: "workflow_duration", Interval: "1h"})
	if err != nil {
		t.Fatalf("workflow_duration metrics: %v", err)
	}
	if values, err := m.AsValueMetrics(); err != nil || values.Metric != "workflow_duration" || len(values.Counts) != len(values.Timestamps) {
		t.Fatalf("workflow_duration answer %+v: %v", values, err)
	}
	_ = c.Resources.Delete(ctx, r.Id)
}
