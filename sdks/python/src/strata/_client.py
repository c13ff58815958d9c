from __future__ import annotations

import os
from types import TracebackType

import httpx

from ._analytics import Analytics
from ._auth import ApiKeyAuth, Auth, BearerAuth, ClientCredentialsAuth
from ._etags import ETagStore
from ._operations import Operations
from ._resource_types import ResourceTypes
from ._resources import Resources
from ._transport import Transport
from ._webhooks import Webhooks


class Strata:
    """The Strata API client.

    Authenticate with one of: ``client_id`` and ``client_secret`` (OAuth2 client credentials:
    the client fetches, caches and refreshes access tokens), ``api_key`` (``sk_...``) or
    ``token`` (a bearer token you manage). Without any, ``STRATA_CLIENT_ID`` /
    ``STRATA_CLIENT_SECRET`` or ``STRATA_API_KEY`` from the environment are used, and
    ``base_url`` defaults to ``STRATA_BASE_URL``.

    >>> client = Strata(base_url="http://127.0.0.1:8080", client_id="cli_...", client_secret="...")
    >>> ticket = client.resources.create(type="ticket", attributes={"title": "Broken login"})

    ``timeout`` bounds each attempt (seconds, or an ``httpx.Timeout``); failed attempts are
    retried ``max_retries`` times (see :class:`strata._transport.Transport`). The client holds a
    connection pool: ``close()`` it, or use it as a context manager.
    """

    resources: Resources
    resource_types: ResourceTypes
    operations: Operations
    webhooks: Webhooks
    analytics: Analytics

    def __init__(
        self,
        base_url: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scopes: list[str] | None = None,
        api_key: str | None = None,
        token: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        max_retries: int = 3,
        initial_backoff: float = 0.5,
        max_backoff: float = 20.0,
        max_retry_after: float = 60.0,
        user_agent: str | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        base_url = base_url or os.environ.get("STRATA_BASE_URL")
        if not base_url:
            raise ValueError("Strata needs a base_url (or STRATA_BASE_URL), e.g. http://127.0.0.1:8080")
        auth = _auth(client_id, client_secret, scopes, api_key, token)
        self.base_url = base_url.rstrip("/")
        self._transport = Transport(
            base_url=self.base_url,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            initial_backoff=initial_backoff,
            max_backoff=max_backoff,
            max_retry_after=max_retry_after,
            user_agent=user_agent,
            http_client=http_client,
        )
        etags = ETagStore()
        self.resources = Resources(self._transport, etags)
        self.resource_types = ResourceTypes(self._transport, etags)
        self.operations = Operations(self._transport)
        self.webhooks = Webhooks(self._transport, etags)
        self.analytics = Analytics(self._transport)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Strata:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Strata(base_url={self.base_url!r})"


def _auth(
    client_id: str | None,
    client_secret: str | None,
    scopes: list[str] | None,
    api_key: str | None,
    token: str | None,
) -> Auth:
    given = [name for name, v in (("client_id", client_id), ("api_key", api_key), ("token", token)) if v]
    if len(given) > 1:
        raise ValueError(f"pass one way to authenticate, not {' and '.join(given)}")
    if client_id or client_secret:
        if not (client_id and client_secret):
            raise ValueError("client credentials need both client_id and client_secret")
        return ClientCredentialsAuth(client_id, client_secret, scopes=scopes)
    if api_key:
        return ApiKeyAuth(api_key)
    if token:
        return BearerAuth(token)
    env_id, env_secret = os.environ.get("STRATA_CLIENT_ID"), os.environ.get("STRATA_CLIENT_SECRET")
    if env_id and env_secret:
        return ClientCredentialsAuth(env_id, env_secret, scopes=scopes)
    if os.environ.get("STRATA_API_KEY"):
        return ApiKeyAuth(os.environ["STRATA_API_KEY"])
    raise ValueError("Strata needs client_id and client_secret, api_key or token (or STRATA_CLIENT_ID/STRATA_CLIENT_SECRET)")
