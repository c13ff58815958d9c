package strata

import (
	"time"

	"github.com/strata-platform/strata/sdks/go/api"
)

// The API's types, generated from the OpenAPI document into package api and re-exported
// here under the names programs use. When the document renames a schema, only these
// aliases change.
type (
	// Resource is a resource: typed, schema-validated attributes and a lifecycle state.
	Resource = api.ResourceView
	// ResourceType is a resource type: its JSON schema and lifecycle (states, actions).
	ResourceType = api.ResourceTypeView
	// Operation is an operation (a workflow run) with its steps and their attempts.
	Operation = api.OperationView
	// OperationStep is one step of an operation.
	OperationStep = api.StepView
	// WebhookEndpoint is a webhook endpoint; Secret is set only when it is created or its
	// secret rotated.
	WebhookEndpoint = api.EndpointView
	// WebhookAttempt is one delivery attempt to a webhook endpoint.
	WebhookAttempt = api.AttemptView
	// WebhookDeadLetter is a message whose delivery gave up.
	WebhookDeadLetter = api.DeadLetter
	// WebhookRecovery is a redelivery of the messages since a time.
	WebhookRecovery = api.Recovery
)

// Hand-written until the API document gives their answers a schema (they are untyped
// objects in it today); then they become aliases of the generated types as well.

// ActionResult is what running an action answers: one entry per requested resource, in
// request order.
type ActionResult struct {
	Operations []ActionOperation `json:"operations"`
}

// ActionOperation is what an action did on one resource: an operation started (ID set,
// Status "pending") or a refusal (Status "rejected" and Error).
type ActionOperation struct {
	ID         string `json:"id"`
	ResourceID string `json:"resource_id"`
	Status     string `json:"status"`
	Error      *Error `json:"error,omitempty"`
}

// Event is an event of the tenant's history (GET /v2/analytics/events); members its type
// lacks are empty.
type Event struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Topic          string    `json:"topic"`
	Source         string    `json:"source"`
	Subject        string    `json:"subject"`
	Time           time.Time `json:"time"`
	TenantID       string    `json:"tenant_id"`
	ResourceID     string    `json:"resource_id"`
	ResourceType   string    `json:"resource_type"`
	State          string    `json:"state"`
	Outcome        string    `json:"outcome"`
	EndpointID     string    `json:"endpoint_id"`
	StatusCode     *int      `json:"status_code"`
	DurationMillis *int64    `json:"duration_millis"`
}

// Metrics is what GET /v2/analytics/metrics answers: event counts per interval (metric
// "event_count") or values per interval ("workflow_duration", "webhook_success_rate").
type Metrics = map[string]any

// Operation statuses (Operation.Status).
const (
	OperationPending      = "pending"
	OperationRunning      = "running"
	OperationWaiting      = "waiting"
	OperationCompensating = "compensating"
	OperationCompleted    = "completed"
	OperationFailed       = "failed"
	OperationCompensated  = "compensated"
	OperationCancelled    = "cancelled"
)

// OperationDone reports whether an operation status is terminal (completed, failed,
// compensated or cancelled).
func OperationDone(status string) bool {
	switch status {
	case OperationCompleted, OperationFailed, OperationCompensated, OperationCancelled:
		return true
	}
	return false
}
