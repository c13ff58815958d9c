"""Auto-pagination over {"items", "next_page_token"} pages."""

from __future__ import annotations

from conftest import Recorded, Reply, resource

from strata import Resource


def paged(total: int, size: int):
    """A handler answering pages of `size` resources out of `total`, tokens "p<offset>"."""

    def handle(rec: Recorded) -> Reply:
        token = rec.query.get("page_token", ["p0"])[0]
        offset = int(token[1:])
        items = [resource(f"res_{i}") for i in range(offset, min(offset + size, total))]
        nxt = f"p{offset + size}" if offset + size < total else None
        return Reply(200, {"items": items, "next_page_token": nxt})

    return handle


def test_iterates_over_every_page(server, client):
    server.fallback = paged(total=7, size=3)
    found = list(client.resources.list(filter='type = "ticket"', order_by="created_at desc", page_size=3))
    assert [r.id for r in found] == [f"res_{i}" for i in range(7)]
    assert all(isinstance(r, Resource) for r in found)
    assert len(server.requests) == 3
    first, second, third = server.requests
    assert first.path == "/v2/resources"
    assert first.query == {"filter": ['type = "ticket"'], "order_by": ["created_at desc"], "page_size": ["3"]}
    assert "page_token" not in first.query
    assert second.query["page_token"] == ["p3"] and third.query["page_token"] == ["p6"]
    assert second.query["filter"] == ['type = "ticket"'] and second.query["page_size"] == ["3"]


def test_pages_are_fetched_lazily(server, client):
    server.fallback = paged(total=10, size=2)
    it = iter(client.resources.list(page_size=2))
    assert next(it).id == "res_0" and next(it).id == "res_1"
    assert len(server.requests) == 1
    next(it)
    assert len(server.requests) == 2


def test_pages_view_and_helpers(server, client):
    server.fallback = paged(total=5, size=2)
    pages = list(client.resources.list(page_size=2).pages())
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert [p.next_page_token for p in pages] == ["p2", "p4", None]
    assert pages[-1].has_more is False
    server.requests.clear()
    assert [r.id for r in client.resources.list(page_size=2).to_list(limit=3)] == ["res_0", "res_1", "res_2"]
    assert len(server.requests) == 2
    assert client.resources.list(page_size=2).first().id == "res_0"


def test_an_empty_list(server, client):
    server.reply(Reply(200, {"items": [], "next_page_token": None}))
    assert list(client.resources.list()) == []


def test_a_repeated_token_ends_the_iteration(server, client):
    server.fallback = lambda rec: Reply(200, {"items": [resource()], "next_page_token": "same"})
    assert len(list(client.resources.list())) == 2
    assert len(server.requests) == 2


def test_other_lists_paginate_too(server, client):
    endpoint = {
        "id": "ep_1", "url": "https://example.com/h", "description": None, "event_types": ["resource.*"],
        "rate_limit_per_second": None, "metadata": None, "status": "enabled", "disabled_reason": None,
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "secret": None,
    }
    event = {"id": "e1", "type": "resource.created", "topic": "resource.events", "source": "/workflow-service",
             "time": "2026-01-01T00:00:00Z", "tenant_id": "acme", "resource_id": "res_1"}
    server.reply(
        Reply(200, {"items": [endpoint], "next_page_token": "t"}),
        Reply(200, {"items": [dict(endpoint, id="ep_2")], "next_page_token": None}),
        Reply(200, {"items": [event], "next_page_token": None}),
    )
    assert [e.id for e in client.webhooks.list(page_size=1)] == ["ep_1", "ep_2"]
    events = list(client.analytics.events(filter='resource_id = "res_1"', start_time="2026-01-01T00:00:00Z"))
    assert events[0].resource_id == "res_1" and events[0].subject is None
    assert server.requests[2].path == "/v2/analytics/events"
    assert server.requests[2].query["start_time"] == ["2026-01-01T00:00:00Z"]
