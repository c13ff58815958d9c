"""The HTTP core: auth headers, retries with full jitter, Retry-After, Idempotency-Key, timeouts."""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel

from ._errors import (
    StrataConnectionError,
    StrataError,
    StrataTimeoutError,
    error_from_response,
    parse_retry_after,
)
from ._version import USER_AGENT

if TYPE_CHECKING:
    from ._auth import Auth

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Answers worth another attempt: rate limited, or the platform briefly unavailable."""

_IDEMPOTENT_KEYED = frozenset({"POST", "PATCH"})


class Transport:
    """Sends one logical request as one or more attempts.

    * 429, 502, 503, 504 and connection failures (including attempts that time out) are
      retried up to ``max_retries`` times. The wait is the answer's ``Retry-After`` when it has
      one (a longer one than ``max_retry_after`` is not waited for: the error is raised), else
      exponential backoff with full jitter: uniform(0, min(max_backoff, initial_backoff * 2**n)).
    * Other 4xx answers are never retried (a 401 under client credentials fetches a new token
      once first).
    * POST and PATCH carry an ``Idempotency-Key`` generated once per call and sent unchanged on
      every retry, so the platform applies the call at most once.
    """

    def __init__(
        self,
        *,
        base_url: str,
        auth: Auth | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        initial_backoff: float,
        max_backoff: float,
        max_retry_after: float,
        user_agent: str | None,
        http_client: httpx.Client | None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.user_agent = USER_AGENT + (f" {user_agent}" if user_agent else "")
        self._owns_client = http_client is None
        self.http = http_client or httpx.Client(timeout=timeout, follow_redirects=False)
        self.timeout = timeout
        self.sleep = sleep
        self.rand = rand

    def close(self) -> None:
        if self._owns_client:
            self.http.close()

    def backoff(self, retry: int) -> float:
        """Full jitter: a uniform wait in [0, min(max_backoff, initial_backoff * 2**retry))."""
        ceiling = min(self.max_backoff, self.initial_backoff * (2.0**retry))
        return self.rand() * ceiling

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        if_match: str | None = None,
        authenticate: bool = True,
    ) -> httpx.Response:
        method = method.upper()
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        base_headers: dict[str, str] = {"User-Agent": self.user_agent, "Accept": "application/json"}
        content: bytes | None = None
        if form is not None:
            content = httpx.QueryParams(form).__str__().encode()
            base_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            content = json.dumps(_jsonable(json_body), separators=(",", ":"), ensure_ascii=False, default=_json_default).encode()
            base_headers["Content-Type"] = content_type
        if method in _IDEMPOTENT_KEYED and authenticate:
            base_headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        if if_match:
            base_headers["If-Match"] = if_match
        if headers:
            base_headers.update(headers)
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}

        retry = 0
        refreshed = False
        while True:
            attempt_headers = dict(base_headers)
            if authenticate and self.auth is not None:
                attempt_headers.update(self.auth.headers(self))
            try:
                response = self.http.request(
                    method, url, params=query or None, content=content, headers=attempt_headers, timeout=self.timeout
                )
            except httpx.TimeoutException as exc:
                if retry < self.max_retries:
                    self.sleep(self.backoff(retry))
                    retry += 1
                    continue
                raise StrataTimeoutError(f"{method} {path}: no answer in time after {retry + 1} attempts: {exc}") from exc
            except httpx.TransportError as exc:
                if retry < self.max_retries:
                    self.sleep(self.backoff(retry))
                    retry += 1
                    continue
                raise StrataConnectionError(f"{method} {path}: connection failed after {retry + 1} attempts: {exc}") from exc

            status = response.status_code
            if status == 401 and authenticate and self.auth is not None and not refreshed and self.auth.refreshable:
                refreshed = True
                self.auth.invalidate()
                continue
            if status in RETRY_STATUSES and retry < self.max_retries:
                wait = parse_retry_after(response.headers.get("Retry-After"))
                if wait is None:
                    wait = self.backoff(retry)
                elif wait > self.max_retry_after:
                    raise error_from_response(response)
                self.sleep(wait)
                retry += 1
                continue
            if status >= 400:
                raise error_from_response(response)
            return response


def decode(response: httpx.Response) -> Any:
    """The JSON body of a successful answer (None for 204 or an empty body)."""
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise StrataError(
            f"{response.request.method} {response.request.url.path}: the answer is not JSON",
            status=response.status_code,
            headers=response.headers,
            body=response.text[:500],
        ) from exc


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if hasattr(value, "isoformat"):
        return _query_value(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        from datetime import datetime, timezone

        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        return value.isoformat()
    return value
