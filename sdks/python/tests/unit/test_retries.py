"""Retries: which answers are retried, how long the client waits, and the Idempotency-Key."""

from __future__ import annotations

import socket
import uuid
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest
from conftest import Reply, resource

from strata import (
    BadRequestError,
    RateLimitError,
    ServiceUnavailableError,
    Strata,
    StrataConnectionError,
    StrataTimeoutError,
)


def test_retry_after_seconds_is_honoured(server, client, sleeps):
    server.reply(Reply.problem(429, "Too Many Requests", headers={"Retry-After": "7"}), Reply(200, resource()))
    r = client.resources.get("res_1")
    assert r.id == "res_1"
    assert sleeps == [7.0]
    assert len(server.requests) == 2


def test_retry_after_http_date_is_honoured(server, client, sleeps):
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    server.reply(Reply(503, {"title": "busy"}, {"Retry-After": format_datetime(when, usegmt=True)}), Reply(200, resource()))
    client.resources.get("res_1")
    assert len(sleeps) == 1 and 27 <= sleeps[0] <= 30


def test_same_idempotency_key_on_every_retry_of_a_post(server, client):
    server.reply(
        Reply.problem(503, "Service Unavailable"),
        Reply.problem(429, "Too Many Requests", headers={"Retry-After": "0"}),
        Reply(201, resource(), {"ETag": '"1"'}),
    )
    client.resources.create(type="ticket", attributes={"title": "Broken login"})
    keys = [r.headers.get("idempotency-key") for r in server.requests]
    assert len(keys) == 3
    assert keys[0] and len(set(keys)) == 1
    uuid.UUID(keys[0])
    assert [r.json() for r in server.requests] == [{"type": "ticket", "attributes": {"title": "Broken login"}}] * 3


def test_each_call_gets_its_own_idempotency_key_and_a_given_one_is_used(server, client):
    server.reply(Reply(201, resource()), Reply(201, resource()), Reply(201, resource()))
    client.resources.create(type="ticket", attributes={})
    client.resources.create(type="ticket", attributes={})
    client.resources.create(type="ticket", attributes={}, idempotency_key="my-key-1")
    keys = [r.headers["idempotency-key"] for r in server.requests]
    assert keys[0] != keys[1]
    assert keys[2] == "my-key-1"


def test_patch_carries_an_idempotency_key_and_get_put_delete_do_not(server, client):
    server.reply(Reply(200, resource()), Reply(200, resource()), Reply(200, resource()), Reply(204))
    client.resources.get("res_1")
    client.resources.update("res_1", {"title": "a"})
    client.resources.patch("res_1", {"title": "b"})
    client.resources.delete("res_1")
    methods = {r.method: "idempotency-key" in r.headers for r in server.requests}
    assert methods == {"GET": False, "PUT": False, "PATCH": True, "DELETE": False}


def test_backoff_is_exponential_with_full_jitter(server, make_client, sleeps):
    client = make_client(rand=lambda: 0.5, max_retries=4, initial_backoff=0.5, max_backoff=3.0)
    server.reply(*[Reply.problem(503, "Service Unavailable")] * 4, Reply(200, resource()))
    client.resources.get("res_1")
    # uniform(0, min(max_backoff, initial * 2**n)) with the random draw fixed at 0.5
    assert sleeps == [0.25, 0.5, 1.0, 1.5]


def test_full_jitter_draws_anywhere_below_the_ceiling(make_client):
    client = make_client(initial_backoff=1.0, max_backoff=8.0)
    transport = client._transport
    draws = [transport.backoff(3) for _ in range(2000)]
    assert all(0 <= d < 8.0 for d in draws)
    assert min(draws) < 1.0 and max(draws) > 7.0  # spread over the whole range, not around 8
    assert all(0 <= transport.backoff(0) < 1.0 for _ in range(100))


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retried_statuses(server, client, sleeps, status):
    server.reply(Reply.problem(status, "transient"), Reply(200, resource()))
    assert client.resources.get("res_1").id == "res_1"
    assert len(sleeps) == 1


def test_gives_up_after_max_retries_with_the_typed_error(server, make_client, sleeps):
    client = make_client(max_retries=2)
    server.fallback = lambda rec: Reply.problem(503, "Service Unavailable", detail="down for maintenance")
    with pytest.raises(ServiceUnavailableError) as err:
        client.resources.get("res_1")
    assert err.value.status == 503 and err.value.detail == "down for maintenance"
    assert len(server.requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 422])
def test_client_errors_are_not_retried(server, client, sleeps, status):
    server.reply(Reply.problem(status, "no"))
    with pytest.raises(Exception):
        client.resources.create(type="ticket", attributes={})
    assert len(server.requests) == 1
    assert sleeps == []


def test_a_400_is_raised_at_once(server, client, sleeps):
    server.reply(Reply.problem(400, "Bad Request", detail="attributes.title is required"))
    with pytest.raises(BadRequestError):
        client.resources.create(type="ticket", attributes={})
    assert len(server.requests) == 1 and sleeps == []


def test_a_retry_after_longer_than_the_limit_is_not_waited_for(server, make_client, sleeps):
    client = make_client(max_retry_after=10)
    server.reply(Reply.problem(429, "Too Many Requests", headers={"Retry-After": "3600"}))
    with pytest.raises(RateLimitError) as err:
        client.resources.get("res_1")
    assert err.value.retry_after == 3600.0
    assert sleeps == [] and len(server.requests) == 1


def test_a_dropped_connection_is_retried_with_the_same_key(server, client, sleeps):
    server.reply(Reply(drop=True), Reply(201, resource()))
    client.resources.create(type="ticket", attributes={"title": "x"})
    assert len(server.requests) == 2
    assert server.requests[0].headers["idempotency-key"] == server.requests[1].headers["idempotency-key"]
    assert len(sleeps) == 1


def test_connection_refused_is_retried_then_raised(sleeps):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once closed
    client = Strata(base_url=f"http://127.0.0.1:{port}", api_key="sk_test", max_retries=2)
    client._transport.sleep = sleeps.append
    with pytest.raises(StrataConnectionError):
        client.resources.get("res_1")
    assert len(sleeps) == 2
    client.close()


def test_an_attempt_that_times_out_is_retried_then_raised(server, make_client, sleeps):
    client = make_client(timeout=0.2, max_retries=1)
    server.fallback = lambda rec: Reply(200, resource(), delay=1.0)
    with pytest.raises(StrataTimeoutError):
        client.resources.get("res_1")
    assert len(server.requests) == 2
    assert len(sleeps) == 1


def test_max_retries_zero_means_one_attempt(server, make_client, sleeps):
    client = make_client(max_retries=0)
    server.reply(Reply.problem(503, "Service Unavailable"))
    with pytest.raises(ServiceUnavailableError):
        client.resources.get("res_1")
    assert len(server.requests) == 1 and sleeps == []
