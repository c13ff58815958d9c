"""The wire types, generated from api/openapi.json (``strata._generated.models``), under the
names programs use. A schema renamed in the document changes one line here."""

from __future__ import annotations

from ._generated.models import (
    ActionOperation,
    ActionRefusal,
    ActionResult,
    AnalyticsEvent,
    CancelAccepted,
    EventCountMetrics,
    MetricsBucket,
    MetricsSeries,
    Operation,
    OperationStep,
    OperationStepAttempt,
    OperationSummary,
    Resource,
    ResourceType,
    SignalAccepted,
    ValueMetrics,
    ValueMetricsSeries,
    WebhookAttempt,
    WebhookDeadLetter,
    WebhookEndpoint,
    WebhookRecovery,
    WebhookResend,
    WebhookTestMessage,
)

Metrics = EventCountMetrics | ValueMetrics
"""What ``analytics.metrics`` answers: counts (metric ``event_count``) or values (the others)."""

OPERATION_DONE = frozenset({"completed", "failed", "compensated", "cancelled"})
"""The statuses an operation ends in (it is pending, running, waiting or compensating before)."""

__all__ = [
    "OPERATION_DONE",
    "ActionOperation",
    "ActionRefusal",
    "ActionResult",
    "AnalyticsEvent",
    "CancelAccepted",
    "EventCountMetrics",
    "Metrics",
    "MetricsBucket",
    "MetricsSeries",
    "Operation",
    "OperationStep",
    "OperationStepAttempt",
    "OperationSummary",
    "Resource",
    "ResourceType",
    "SignalAccepted",
    "ValueMetrics",
    "ValueMetricsSeries",
    "WebhookAttempt",
    "WebhookDeadLetter",
    "WebhookEndpoint",
    "WebhookRecovery",
    "WebhookResend",
    "WebhookTestMessage",
]
