"""Error mapping: a problem+json answer becomes the typed StrataError subclass with its members."""

from __future__ import annotations

import pytest
from conftest import Reply

from strata import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    PreconditionRequiredError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    StrataError,
    UnprocessableEntityError,
)


def test_problem_members_are_mapped(server, client):
    server.reply(
        Reply.problem(
            400,
            "Bad Request",
            type="https://strata.io/problems/validation",
            detail="The attributes do not match the type's schema.",
            instance="/v2/resources",
            traceId="4bf92f3577b34da6a3ce929d0e0e4736",
            errors=[
                {"pointer": "/attributes/title", "message": "is required"},
                {"pointer": "/attributes/priority", "message": "must be <= 5"},
            ],
        )
    )
    with pytest.raises(BadRequestError) as caught:
        client.resources.create(type="ticket", attributes={"priority": 9})
    e = caught.value
    assert isinstance(e, StrataError)
    assert e.status == 400
    assert e.type == "https://strata.io/problems/validation"
    assert e.title == "Bad Request"
    assert e.detail == "The attributes do not match the type's schema."
    assert e.instance == "/v2/resources"
    assert e.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert e.errors == [
        FieldError("/attributes/title", "is required"),
        FieldError("/attributes/priority", "must be <= 5"),
    ]
    assert e.headers is not None and e.headers["content-type"] == "application/problem+json"
    text = str(e)
    assert "400 Bad Request" in text and "/attributes/title: is required" in text and "4bf92f35" in text


def test_snake_case_trace_id_is_mapped_too(server, client):
    server.reply(Reply.problem(404, "Not Found", trace_id="abc123", detail="No resource res_9"))
    with pytest.raises(NotFoundError) as caught:
        client.resources.get("res_9")
    assert caught.value.trace_id == "abc123"
    assert caught.value.errors == []


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (412, PreconditionFailedError),
        (422, UnprocessableEntityError),
        (428, PreconditionRequiredError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServiceUnavailableError),
        (418, StrataError),
    ],
)
def test_status_classes(server, make_client, status, cls):
    client = make_client(max_retries=0)
    server.reply(Reply.problem(status, "x"))
    with pytest.raises(cls) as caught:
        client.resources.get("res_1")
    assert caught.value.status == status
    assert type(caught.value) is cls


def test_an_answer_that_is_not_a_problem_still_maps(server, make_client):
    client = make_client(max_retries=0)
    server.reply(Reply(502, b"<html>Bad Gateway</html>", {"Content-Type": "text/html"}))
    with pytest.raises(ServerError) as caught:
        client.resources.get("res_1")
    e = caught.value
    assert e.status == 502 and e.title == "Bad Gateway" and e.type is None
    assert e.detail == "<html>Bad Gateway</html>"


def test_a_stale_etag_is_a_precondition_failed_error(server, client):
    server.reply(
        Reply(200, {"id": "res_1", "type": "t", "type_version": 1, "state": "open", "attributes": {}, "version": 2,
                    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "tenant_id": "a"},
              {"ETag": '"2"'}),
        Reply.problem(412, "Precondition failed", detail='The If-Match ETag is stale: the current one is "3".'),
    )
    client.resources.get("res_1")
    with pytest.raises(PreconditionFailedError) as caught:
        client.resources.update("res_1", {"title": "lost update"})
    assert server.requests[1].headers["if-match"] == '"2"'
    assert caught.value.status == 412 and "stale" in (caught.value.detail or "")
