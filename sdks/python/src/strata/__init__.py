"""The official Python SDK of the Strata API (API version 2).

>>> from strata import Strata
>>> client = Strata(base_url="http://127.0.0.1:8080", client_id="cli_...", client_secret="...")
>>> for r in client.resources.list(filter='type = "ticket"'):
...     print(r.id, r.state)
"""

from . import types
from ._client import Strata
from ._errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FieldError,
    NotFoundError,
    OperationTimeoutError,
    PermissionDeniedError,
    PreconditionFailedError,
    PreconditionRequiredError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    StrataConnectionError,
    StrataError,
    StrataTimeoutError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from ._pagination import Page, PageIterator
from ._version import API_VERSION, USER_AGENT, __version__
from ._webhooks import NOT_GIVEN, verify_webhook
from .types import (
    ActionResult,
    AnalyticsEvent,
    Metrics,
    Operation,
    OperationSummary,
    Resource,
    ResourceType,
    WebhookEndpoint,
)

__all__ = [
    "API_VERSION",
    "NOT_GIVEN",
    "USER_AGENT",
    "ActionResult",
    "AnalyticsEvent",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FieldError",
    "Metrics",
    "NotFoundError",
    "Operation",
    "OperationSummary",
    "OperationTimeoutError",
    "Page",
    "PageIterator",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "PreconditionRequiredError",
    "RateLimitError",
    "Resource",
    "ResourceType",
    "ServerError",
    "ServiceUnavailableError",
    "Strata",
    "StrataConnectionError",
    "StrataError",
    "StrataTimeoutError",
    "UnprocessableEntityError",
    "WebhookEndpoint",
    "WebhookVerificationError",
    "__version__",
    "types",
    "verify_webhook",
]
