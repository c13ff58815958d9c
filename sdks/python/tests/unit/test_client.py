"""Auth, user agent, If-Match from remembered ETags, bodies, and operations.wait."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import pytest
from conftest import Reply, resource

import strata._auth
from strata import AuthenticationError, OperationTimeoutError, Strata


def token_reply(token: str = "tok_1", expires_in: int = 300) -> Reply:
    return Reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": expires_in, "scope": "x"})


def test_user_agent_and_api_key(server, client):
    server.reply(Reply(200, resource()))
    client.resources.get("res_1")
    rec = server.requests[0]
    assert rec.headers["user-agent"] == "strata-python/2.0.0"
    assert rec.headers["x-api-key"] == "sk_test"
    assert "authorization" not in rec.headers


def test_user_agent_suffix_and_bearer_token(server, make_client):
    client = make_client(token="jwt.abc", user_agent="my-app/1.0")
    server.reply(Reply(200, resource()))
    client.resources.get("res_1")
    assert server.requests[0].headers["authorization"] == "Bearer jwt.abc"
    assert server.requests[0].headers["user-agent"] == "strata-python/2.0.0 my-app/1.0"


def test_client_credentials_fetches_and_caches_a_token(server, make_client):
    client = make_client(client_id="cli_1", client_secret="s3cr3t:+/")
    server.reply(token_reply("tok_1"), Reply(200, resource()), Reply(200, resource()))
    client.resources.get("res_1")
    client.resources.get("res_1")
    token_request, first, second = server.requests
    assert token_request.method == "POST" and token_request.path == "/oauth2/token"
    assert parse_qs(token_request.body.decode()) == {"grant_type": ["client_credentials"]}
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "idempotency-key" not in token_request.headers
    basic = base64.b64decode(token_request.headers["authorization"].removeprefix("Basic ")).decode()
    assert basic == "cli_1:s3cr3t%3A%2B%2F"  # form-urlencoded first (RFC 6749 2.3.1)
    assert first.headers["authorization"] == second.headers["authorization"] == "Bearer tok_1"


def test_client_credentials_refresh_before_expiry(server, make_client, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(strata._auth.time, "monotonic", lambda: now[0])
    client = make_client(client_id="cli_1", client_secret="s")
    server.reply(token_reply("tok_1", 300), Reply(200, resource()), token_reply("tok_2", 300), Reply(200, resource()))
    client.resources.get("res_1")
    now[0] += 271  # past 300 s less the 30 s margin
    client.resources.get("res_1")
    auths = [r.headers.get("authorization") for r in server.api_requests()]
    assert auths == ["Bearer tok_1", "Bearer tok_2"]


def test_a_401_fetches_a_new_token_once(server, make_client, sleeps):
    client = make_client(client_id="cli_1", client_secret="s")
    server.reply(
        token_reply("tok_old"),
        Reply.problem(401, "Unauthorized"),
        token_reply("tok_new"),
        Reply(200, resource()),
    )
    assert client.resources.get("res_1").id == "res_1"
    assert [r.headers["authorization"] for r in server.api_requests()] == ["Bearer tok_old", "Bearer tok_new"]
    assert sleeps == []
    server.reply(Reply.problem(401, "Unauthorized"), token_reply("tok_3"), Reply.problem(401, "Unauthorized"))
    with pytest.raises(AuthenticationError):
        client.resources.get("res_1")


def test_a_refused_client_is_an_authentication_error(server, make_client):
    client = make_client(client_id="cli_1", client_secret="wrong")
    server.reply(Reply(401, {"error": "invalid_client", "error_description": "Client authentication failed"}))
    with pytest.raises(AuthenticationError) as caught:
        client.resources.get("res_1")
    assert caught.value.title == "invalid_client" and caught.value.detail == "Client authentication failed"


def test_constructor_needs_exactly_one_way_to_authenticate(monkeypatch):
    for name in ("STRATA_CLIENT_ID", "STRATA_CLIENT_SECRET", "STRATA_API_KEY", "STRATA_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError):
        Strata(base_url="http://x")
    with pytest.raises(ValueError):
        Strata(base_url="http://x", api_key="sk", token="t")
    with pytest.raises(ValueError):
        Strata(base_url="http://x", client_id="only-id")
    with pytest.raises(ValueError):
        Strata(api_key="sk")
    monkeypatch.setenv("STRATA_BASE_URL", "http://env:8080/")
    monkeypatch.setenv("STRATA_API_KEY", "sk_env")
    with Strata() as c:
        assert c.base_url == "http://env:8080"


def test_if_match_comes_from_the_last_etag_seen(server, client):
    server.reply(
        Reply(201, resource(version=1), {"ETag": '"1"'}),
        Reply(200, resource(version=2), {"ETag": '"2"'}),
        Reply(200, resource(version=3), {"ETag": '"3"'}),
        Reply(200, resource(version=4), {"ETag": '"4"'}),
        Reply(204),
    )
    created = client.resources.create(type="ticket", attributes={"title": "a"})
    assert client.resources.etag(created.id) == '"1"'
    client.resources.update(created.id, {"title": "b"})
    client.resources.patch(created.id, {"priority": None})
    client.resources.patch(created.id, {"title": "c"}, if_match='"mine"')
    client.resources.delete(created.id)
    put, patch, patch2, delete = server.requests[1:]
    assert put.method == "PUT" and put.headers["if-match"] == '"1"' and put.json() == {"attributes": {"title": "b"}}
    assert patch.headers["if-match"] == '"2"'
    assert patch.headers["content-type"] == "application/merge-patch+json"
    assert patch.json() == {"attributes": {"priority": None}}  # null removes the attribute
    assert patch2.headers["if-match"] == '"mine"'
    assert delete.method == "DELETE" and delete.headers["if-match"] == '"4"'
    assert client.resources.etag(created.id) is None


def test_run_action_and_its_result(server, client):
    server.reply(Reply(202, {"operations": [
        {"id": "op_1", "resource_id": "res_1", "status": "pending", "error": None},
        {"id": None, "resource_id": "res_2", "status": "rejected",
         "error": {"type": "https://strata.io/problems/action-not-allowed", "title": "Action not allowed", "status": 409}},
    ]}))
    result = client.resources.run_action("approve", ["res_1", "res_2"], {"approver": "ops"})
    assert server.requests[0].json() == {"action": "approve", "resource_ids": ["res_1", "res_2"], "input": {"approver": "ops"}}
    assert result.operations[0].id == "op_1"
    assert result.operations[1].error is not None and result.operations[1].error.status == 409


def operation(status: str) -> dict:
    return {
        "id": "op_1", "tenant_id": "acme", "resource_id": "res_1", "action": "approve", "status": status,
        "from_state": "open", "to_state": "approved", "steps": [], "compensations": [], "error": None, "result": None,
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "finished_at": None,
    }


def test_wait_polls_with_growing_intervals_until_done(server, client, sleeps):
    server.reply(*(Reply(200, operation(s)) for s in ["pending", "running", "running", "waiting", "completed"]))
    op = client.operations.wait("op_1", timeout=60)
    assert op.status == "completed"
    assert len(server.requests) == 5 and all(r.path == "/v2/operations/op_1" for r in server.requests)
    assert sleeps == pytest.approx([0.2, 0.3, 0.45, 0.675])


def test_wait_returns_failed_operations_too(server, client):
    server.reply(Reply(200, dict(operation("failed"), error="step charge failed")))
    assert client.operations.wait("op_1").error == "step charge failed"


def test_wait_times_out_with_the_last_state(server, client, sleeps):
    clock = [0.0]
    client.operations._clock = lambda: clock[0]
    client._transport.sleep = lambda s: (sleeps.append(s), clock.__setitem__(0, clock[0] + s))
    server.fallback = lambda rec: Reply(200, operation("running"))
    with pytest.raises(OperationTimeoutError) as caught:
        client.operations.wait("op_1", timeout=2.0, poll_interval=0.5, max_poll_interval=1.0)
    assert caught.value.operation.status == "running"
    assert isinstance(caught.value, TimeoutError)
    assert sum(sleeps) == pytest.approx(2.0)
    assert max(sleeps) <= 1.0


def test_webhook_update_sends_only_the_fields_given(server, client):
    endpoint = {"id": "ep_1", "url": "https://e/h", "description": "d", "event_types": ["*"], "status": "enabled",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
    server.reply(Reply(201, dict(endpoint, secret="whsec_abc")), Reply(200, endpoint, {"ETag": '"7"'}),
                 Reply(200, dict(endpoint, description=None)))
    created = client.webhooks.create(url="https://e/h", event_types=["*"])
    assert created.secret == "whsec_abc"
    assert server.requests[0].path == "/v2/webhooks/register"
    assert server.requests[0].json() == {"url": "https://e/h", "event_types": ["*"]}
    client.webhooks.get("ep_1")
    client.webhooks.update("ep_1", description=None, rate_limit_per_second=5)
    update = server.requests[2]
    assert update.method == "PATCH" and update.json() == {"description": None, "rate_limit_per_second": 5}
    assert update.headers["if-match"] == '"7"' and "idempotency-key" in update.headers


def test_unknown_members_are_kept(server, client):
    server.reply(Reply(200, dict(resource(), labels=["new"])))
    r = client.resources.get("res_1")
    assert r.model_extra == {"labels": ["new"]}


def test_metrics_answer_is_the_typed_variant(server, client):
    server.reply(Reply(200, {"metric": "workflow_duration", "interval": "1h", "start_time": "2026-01-01T00:00:00Z",
                             "end_time": "2026-01-01T01:00:00Z", "total": 2, "timestamps": [], "counts": [],
                             "series": [{"key": "p95", "overall": 12.5, "values": []}]}))
    m = client.analytics.metrics(metric="workflow_duration", interval="1h")
    assert type(m).__name__ == "ValueMetrics" and m.series[0].overall == 12.5
    assert server.requests[0].query == {"metric": ["workflow_duration"], "interval": ["1h"]}


