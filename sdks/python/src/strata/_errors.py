"""Errors the SDK raises: every one is a :class:`StrataError`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class FieldError:
    """One invalid field of a validation problem."""

    pointer: str
    """A JSON pointer to the field, e.g. ``/attributes/title``."""
    message: str


class StrataError(Exception):
    """A failed call, carrying the RFC 9457 problem the platform answered.

    ``status`` is ``None`` for failures without an answer (:class:`StrataConnectionError`) or
    outside HTTP (:class:`WebhookVerificationError`, :class:`OperationTimeoutError`).
    """

    status: int | None
    type: str | None
    title: str | None
    detail: str | None
    instance: str | None
    errors: list[FieldError]
    trace_id: str | None
    headers: httpx.Headers | None
    body: Any

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        type: str | None = None,
        title: str | None = None,
        detail: str | None = None,
        instance: str | None = None,
        errors: list[FieldError] | None = None,
        trace_id: str | None = None,
        headers: httpx.Headers | None = None,
        body: Any = None,
    ) -> None:
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.instance = instance
        self.errors = list(errors or [])
        self.trace_id = trace_id
        self.headers = headers
        self.body = body
        if message is None:
            message = _describe(status, title, detail, self.errors, trace_id)
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, type={self.type!r}, title={self.title!r}, detail={self.detail!r})"


def _describe(
    status: int | None, title: str | None, detail: str | None, errors: list[FieldError], trace_id: str | None
) -> str:
    text = " ".join(str(p) for p in (status, title) if p) or "Strata API error"
    if detail:
        text += f": {detail}"
    if errors:
        text += " (" + "; ".join(f"{e.pointer}: {e.message}" for e in errors) + ")"
    if trace_id:
        text += f" [trace {trace_id}]"
    return text


class BadRequestError(StrataError):
    """400: the request is malformed or invalid (``errors`` names the fields)."""


class AuthenticationError(StrataError):
    """401: no valid credentials."""


class PermissionDeniedError(StrataError):
    """403: the credentials lack a scope or the tenant is not allowed this."""


class NotFoundError(StrataError):
    """404."""


class ConflictError(StrataError):
    """409: e.g. the same Idempotency-Key while the first request still runs, or a state conflict."""


class PreconditionFailedError(StrataError):
    """412: the If-Match ETag is stale; someone changed the object meanwhile."""


class UnprocessableEntityError(StrataError):
    """422: e.g. an Idempotency-Key reused with another body, or attributes that fail the schema."""


class PreconditionRequiredError(StrataError):
    """428: the change needs If-Match (get the object first, or pass ``if_match``)."""


class RateLimitError(StrataError):
    """429: too many requests; ``retry_after`` is the server's advice in seconds."""

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers.get("Retry-After")) if self.headers is not None else None


class ServerError(StrataError):
    """5xx."""


class ServiceUnavailableError(ServerError):
    """503."""


class StrataConnectionError(StrataError):
    """No answer: the connection failed (after the retries)."""


class StrataTimeoutError(StrataConnectionError):
    """No answer in time (after the retries)."""


class WebhookVerificationError(StrataError):
    """A webhook whose headers are missing, whose signature does not match or whose timestamp is too old or too new."""


class OperationTimeoutError(StrataError, TimeoutError):
    """``operations.wait`` gave up; ``operation`` is the last state seen (or None)."""

    def __init__(self, message: str, operation: Any = None) -> None:
        super().__init__(message)
        self.operation = operation


_BY_STATUS: dict[int, type[StrataError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableEntityError,
    428: PreconditionRequiredError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_class(status: int) -> type[StrataError]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    return StrataError


def error_from_response(response: httpx.Response) -> StrataError:
    """Map an answer of status >= 400 to its typed error, reading problem+json when there is one."""
    status = response.status_code
    body: Any = None
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = response.text or None
    problem: dict[str, Any] = body if isinstance(body, dict) else {}
    title = _str(problem.get("title")) or response.reason_phrase or None
    detail = _str(problem.get("detail"))
    if detail is None and "error" in problem:  # OAuth2 token endpoint: {"error", "error_description"}
        title = _str(problem.get("error")) or title
        detail = _str(problem.get("error_description"))
    if detail is None and isinstance(body, str) and body.strip():
        detail = body.strip()[:500]
    errors = []
    for item in problem.get("errors") or []:
        if isinstance(item, dict):
            errors.append(FieldError(pointer=str(item.get("pointer", "")), message=str(item.get("message", ""))))
    trace_id = _str(problem.get("trace_id")) or _str(problem.get("traceId"))
    problem_status = problem.get("status")
    return error_class(status)(
        status=problem_status if isinstance(problem_status, int) else status,
        type=_str(problem.get("type")),
        title=title,
        detail=detail,
        instance=_str(problem.get("instance")),
        errors=errors,
        trace_id=trace_id,
        headers=response.headers,
        body=body,
    )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None

