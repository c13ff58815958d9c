package strata

import (
	"github.com/strata-platform/strata/sdks/go/api"
)

// The API's types, generated from the OpenAPI document into package api and re-exported
// here under the names programs use. When the document renames a schema, only these
// aliases change. Members the document marks nullable or optional are pointers.
type (
	// Resource is a resource: typed, schema-validated attributes and a lifecycle state.
	Resource = api.Resource
	// ResourceType is a resource type: its JSON schema and lifecycle (states, actions).
	ResourceType = api.ResourceType
	// Operation is an operation (a workflow run) with its steps and their attempts.
	Operation = api.Operation
	// OperationStep is one step (or compensation) of an operation.
	OperationStep = api.OperationStep
	// OperationStepAttempt is one attempt of an operation's step.
	OperationStepAttempt = api.OperationStepAttempt
	// OperationSummary is an operation as lists show it (no steps; Get the operation
	// for them).
	OperationSummary = api.OperationSummary
	// ActionResult is what running an action answers: one entry per requested resource,
	// in request order.
	ActionResult = api.ActionResult
	// ActionOperation is what an action did on one resource: an operation started (Id
	// set, Status ActionStarted) or a refusal (Status ActionRejected and Error).
	ActionOperation = api.ActionOperation
	// ActionRefusal is why an action was refused on one resource (a problem: status,
	// type, title, detail, errors).
	ActionRefusal = api.ActionRefusal
	// Event is an event of the tenant's history (GET /v2/analytics/events); members its
	// type lacks are nil.
	Event = api.AnalyticsEvent
	// Metrics is what GET /v2/analytics/metrics answers, by its "metric": event counts
	// per interval (AsEventCountMetrics, metric "event_count") or values per interval
	// (AsValueMetrics, "workflow_duration", "webhook_success_rate"). Discriminator names
	// the metric.
	Metrics = api.Metrics
	// EventCountMetrics are event counts per interval, in total and per group.
	EventCountMetrics = api.EventCountMetrics
	// ValueMetrics are values per interval (durations, success rates), per series.
	ValueMetrics = api.ValueMetrics
	// WebhookEndpoint is a webhook endpoint; Secret is set only when it is created or its
	// secret rotated.
	WebhookEndpoint = api.WebhookEndpoint
	// WebhookAttempt is one delivery attempt to a webhook endpoint.
	WebhookAttempt = api.WebhookAttempt
	// WebhookDeadLetter is a message whose delivery gave up.
	WebhookDeadLetter = api.WebhookDeadLetter
	// WebhookRecovery is a redelivery of the messages since a time.
	WebhookRecovery = api.WebhookRecovery
	// WebhookTestMessage is the message a webhook test sent.
	WebhookTestMessage = api.WebhookTestMessage
	// WebhookResend is a dead letter sent again.
	WebhookResend = api.WebhookResend
	// SignalAccepted acknowledges a signal sent to an operation.
	SignalAccepted = api.SignalAccepted
	// CancelAccepted acknowledges a request to cancel an operation.
	CancelAccepted = api.CancelAccepted
)

// Action outcomes (ActionOperation.Status).
const (
	ActionStarted  = api.ActionOperationStatusPending
	ActionRejected = api.ActionOperationStatusRejected
)

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
