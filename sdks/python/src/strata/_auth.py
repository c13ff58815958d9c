"""The three ways to authenticate: OAuth2 client credentials, an API key, a bearer token."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

import httpx

from ._errors import StrataError

if TYPE_CHECKING:
    from ._transport import Transport


class Auth(Protocol):
    refreshable: bool

    def headers(self, transport: Transport) -> dict[str, str]: ...

    def invalidate(self) -> None: ...


class ApiKeyAuth:
    refreshable = False

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key

    def headers(self, transport: Transport) -> dict[str, str]:
        return {"X-API-Key": self._api_key}

    def invalidate(self) -> None:
        pass


class BearerAuth:
    refreshable = False

    def __init__(self, token: str) -> None:
        self._token = token

    def headers(self, transport: Transport) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def invalidate(self) -> None:
        pass


class ClientCredentialsAuth:
    """Fetches an access token from ``/oauth2/token``, caches it and fetches a new one shortly
    before it expires (or after a 401). Thread-safe: one fetch at a time."""

    refreshable = True

    def __init__(
        self, client_id: str, client_secret: str, *, scopes: list[str] | None = None, token_path: str = "/oauth2/token"
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._scopes = scopes
        self._token_path = token_path
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0

    def headers(self, transport: Transport) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(transport)}"}

    def invalidate(self) -> None:
        with self._lock:
            self._token = None

    def token(self, transport: Transport) -> str:
        with self._lock:
            if self._token is not None and time.monotonic() < self._expires_at:
                return self._token
            form = {"grant_type": "client_credentials"}
            if self._scopes:
                form["scope"] = " ".join(self._scopes)
            # RFC 6749 2.3.1: the id and secret are form-urlencoded before HTTP basic auth.
            basic = httpx.BasicAuth(quote(self._client_id, safe=""), quote(self._client_secret, safe=""))
            request = httpx.Request("POST", "http://x")
            basic_header = next(basic.auth_flow(request)).headers["Authorization"]
            response = transport.request(
                "POST", self._token_path, form=form, headers={"Authorization": basic_header}, authenticate=False
            )
            try:
                answer = response.json()
                token = answer["access_token"]
                lifetime = float(answer.get("expires_in") or 60)
            except (ValueError, KeyError, TypeError) as exc:
                raise StrataError(
                    f"fetching an access token: unexpected answer {response.text[:200]!r}",
                    status=response.status_code,
                    headers=response.headers,
                ) from exc
            margin = min(lifetime / 10, 30.0)
            self._token = str(token)
            self._expires_at = time.monotonic() + lifetime - margin
            return self._token
