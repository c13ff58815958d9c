"""The SDK's own test double: a local HTTP server answering from a script, recording requests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from strata import Strata


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering

    @staticmethod
    def problem(status: int, title: str, **members: Any) -> Reply:
        body = {"type": members.pop("type", "about:blank"), "title": title, "status": status, **members}
        headers = {"Content-Type": "application/problem+json", **members.pop("headers", {})}
        return Reply(status, body, headers)


Handler = Callable[[Recorded], Reply]


class FakeServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: list[Reply | Handler] = []
        self.fallback: Handler | None = None
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                rec = Recorded(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                reply = server._next(rec)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    return
                payload = b"" if reply.body is None else (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                self.send_response(reply.status)
                headers = dict(reply.headers)
                if reply.body is not None and not any(k.lower() == "content-type" for k in headers):
                    headers["Content-Type"] = "application/json"
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def _next(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
            step = self.script.pop(0) if self.script else self.fallback
        if step is None:
            return Reply.problem(500, "Unscripted request", detail=f"{rec.method} {rec.path}")
        return step(rec) if callable(step) else step

    def reply(self, *replies: Reply | Handler) -> None:
        self.script.extend(replies)

    def api_requests(self) -> list[Recorded]:
        """The requests other than token fetches."""
        return [r for r in self.requests if r.path != "/oauth2/token"]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server() -> Iterator[FakeServer]:
    s = FakeServer()
    yield s
    s.close()


class Sleeps(list[float]):
    """Records the waits the client asks for instead of sleeping."""


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(server: FakeServer, sleeps: Sleeps) -> Iterator[Callable[..., Strata]]:
    clients: list[Strata] = []

    def make(**kwargs: Any) -> Strata:
        kwargs.setdefault("api_key", None if {"client_id", "token"} & kwargs.keys() else "sk_test")
        if kwargs["api_key"] is None:
            del kwargs["api_key"]
        rand = kwargs.pop("rand", None)
        client = Strata(base_url=server.url, **kwargs)
        client._transport.sleep = sleeps.append
        if rand is not None:
            client._transport.rand = rand
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def client(make_client: Callable[..., Strata]) -> Strata:
    return make_client()


def resource(id: str = "res_1", version: int = 1, **attributes: Any) -> dict[str, Any]:
    return {
        "id": id,
        "type": "ticket",
        "type_version": 1,
        "state": "open",
        "attributes": attributes or {"title": "Broken login"},
        "version": version,
        "created_at": "2026-01-01T12:00:00Z",
        "updated_at": "2026-01-01T12:00:00Z",
        "tenant_id": "acme",
    }
