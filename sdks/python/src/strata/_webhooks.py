from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

import standardwebhooks

from ._errors import WebhookVerificationError
from ._etags import ETagStore
from ._generated.models import WebhookEndpointRegistration, WebhookEndpointUpdate, WebhookRecoveryRequest
from ._pagination import PageIterator
from ._transport import Transport, decode
from .types import (
    WebhookAttempt,
    WebhookDeadLetter,
    WebhookEndpoint,
    WebhookRecovery,
    WebhookResend,
    WebhookTestMessage,
)


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Any = _NotGiven()
"""The default of optional update fields: left out of the request (``None`` sends null)."""


def verify_webhook(payload: bytes | str, headers: Mapping[str, str], secret: str) -> Any:
    """Verify a webhook the platform sent (Standard Webhooks) and return its parsed JSON payload.

    ``payload`` is the request body exactly as received (bytes preferred); ``headers`` any
    mapping with ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` (any case);
    ``secret`` the endpoint's ``whsec_...`` secret. Raises
    :class:`strata.WebhookVerificationError` when a header is missing, no signature matches,
    or the timestamp is more than 5 minutes away from now.
    """
    try:
        wh = standardwebhooks.Webhook(secret)
    except Exception as exc:  # the library raises bare errors for a bad secret
        raise WebhookVerificationError(f"invalid webhook secret: {exc}") from exc
    try:
        return wh.verify(payload, dict(headers.items()))
    except standardwebhooks.WebhookVerificationError as exc:
        raise WebhookVerificationError(str(exc)) from exc
    except ValueError as exc:  # a verified payload that is not JSON
        raise WebhookVerificationError(f"the webhook payload is not JSON: {exc}") from exc


class Webhooks:
    """Webhook endpoints, their deliveries and dead letters, and signature verification (``client.webhooks``)."""

    def __init__(self, transport: Transport, etags: ETagStore) -> None:
        self._t = transport
        self._etags = etags

    @staticmethod
    def verify(payload: bytes | str, headers: Mapping[str, str], secret: str) -> Any:
        """See :func:`strata.verify_webhook`."""
        return verify_webhook(payload, headers, secret)

    def create(
        self,
        *,
        url: str,
        event_types: Sequence[str],
        description: str | None = None,
        rate_limit_per_second: int | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> WebhookEndpoint:
        """Register an endpoint. Its ``secret`` (``whsec_...``) is in this answer only: keep it."""
        fields: dict[str, Any] = {"url": url, "event_types": list(event_types)}
        if description is not None:
            fields["description"] = description
        if rate_limit_per_second is not None:
            fields["rate_limit_per_second"] = rate_limit_per_second
        if metadata is not None:
            fields["metadata"] = dict(metadata)
        body = WebhookEndpointRegistration.model_validate(fields)
        response = self._t.request("POST", "/v2/webhooks/register", json_body=body, idempotency_key=idempotency_key)
        return self._remember(WebhookEndpoint.model_validate(decode(response)), response)

    def get(self, id: str) -> WebhookEndpoint:
        response = self._t.request("GET", _path(id))
        return self._remember(WebhookEndpoint.model_validate(decode(response)), response)

    def list(self, *, page_size: int | None = None) -> PageIterator[WebhookEndpoint]:
        return PageIterator(self._t, "/v2/webhooks", WebhookEndpoint, {"page_size": page_size})

    def update(
        self,
        id: str,
        *,
        url: str = NOT_GIVEN,
        event_types: Sequence[str] = NOT_GIVEN,
        description: str | None = NOT_GIVEN,
        rate_limit_per_second: int | None = NOT_GIVEN,
        metadata: Mapping[str, str] | None = NOT_GIVEN,
        if_match: str | None = None,
        idempotency_key: str | None = None,
    ) -> WebhookEndpoint:
        """Change the fields given; the others stay as they are."""
        given: dict[str, Any] = {
            "url": url,
            "event_types": event_types,
            "description": description,
            "rate_limit_per_second": rate_limit_per_second,
            "metadata": metadata,
        }
        fields: dict[str, Any] = {k: v for k, v in given.items() if v is not NOT_GIVEN}
        if fields.get("event_types") is not None:
            fields["event_types"] = list(fields["event_types"])
        body = WebhookEndpointUpdate.model_validate(fields)
        response = self._t.request(
            "PATCH",
            _path(id),
            json_body=body,
            if_match=if_match or self._etags.get("webhook:" + id),
            idempotency_key=idempotency_key,
        )
        return self._remember(WebhookEndpoint.model_validate(decode(response)), response)

    def delete(self, id: str, *, if_match: str | None = None) -> None:
        self._t.request("DELETE", _path(id), if_match=if_match or self._etags.get("webhook:" + id))
        self._etags.forget("webhook:" + id)

    def disable(self, id: str) -> WebhookEndpoint:
        response = self._t.request("POST", _path(id) + "/disable")
        return self._remember(WebhookEndpoint.model_validate(decode(response)), response)

    def enable(self, id: str) -> WebhookEndpoint:
        response = self._t.request("POST", _path(id) + "/enable")
        return self._remember(WebhookEndpoint.model_validate(decode(response)), response)

    def rotate_secret(self, id: str) -> WebhookEndpoint:
        """A new signing secret (in this answer only)."""
        response = self._t.request("POST", _path(id) + "/rotate-secret")
        return self._remember(WebhookEndpoint.model_validate(decode(response)), response)

    def test(self, id: str) -> WebhookTestMessage:
        """Queue a test message (``ping``) to the endpoint."""
        return WebhookTestMessage.model_validate(decode(self._t.request("POST", _path(id) + "/test")))

    def attempts(
        self, id: str, *, message_id: str | None = None, page_size: int | None = None
    ) -> PageIterator[WebhookAttempt]:
        params = {"message_id": message_id, "page_size": page_size}
        return PageIterator(self._t, _path(id) + "/attempts", WebhookAttempt, params)

    def dead_letters(self, id: str, *, page_size: int | None = None) -> PageIterator[WebhookDeadLetter]:
        return PageIterator(self._t, _path(id) + "/dead-letters", WebhookDeadLetter, {"page_size": page_size})

    def resend_dead_letter(self, id: str, message_id: str) -> WebhookResend:
        path = _path(id) + "/dead-letters/" + quote(message_id, safe="") + "/resend"
        return WebhookResend.model_validate(decode(self._t.request("POST", path)))

    def recover(self, id: str, *, since: datetime) -> WebhookRecovery:
        """Redeliver the dead letters of messages since ``since`` (in the background)."""
        body = WebhookRecoveryRequest(since=since)
        return WebhookRecovery.model_validate(decode(self._t.request("POST", _path(id) + "/recover", json_body=body)))

    def get_recovery(self, id: str, recovery_id: str) -> WebhookRecovery:
        path = _path(id) + "/recoveries/" + quote(recovery_id, safe="")
        return WebhookRecovery.model_validate(decode(self._t.request("GET", path)))

    def _remember(self, endpoint: WebhookEndpoint, response: Any) -> WebhookEndpoint:
        self._etags.remember("webhook:" + endpoint.id, response)
        return endpoint


def _path(id: str) -> str:
    return "/v2/webhooks/" + quote(id, safe="")
