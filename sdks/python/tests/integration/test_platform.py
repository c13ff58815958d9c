"""Integration tests against a running platform (``./strata up``).

They run when STRATA_BASE_URL is set (with STRATA_CLIENT_ID and STRATA_CLIENT_SECRET) and are
skipped otherwise. Each run defines its own resource type, sdk_python_<random>, so several SDKs
can share one tenant at once.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from strata import NotFoundError, PreconditionFailedError, Strata

BASE_URL = os.environ.get("STRATA_BASE_URL")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not BASE_URL,
        reason="integration tests skipped: STRATA_BASE_URL is not set (set it with STRATA_CLIENT_ID and "
        "STRATA_CLIENT_SECRET to run against ./strata up)",
    ),
]

T = TypeVar("T")


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 30.0) -> T:
    """Polls probe (bounded) until it returns something truthy: the search index and the event
    history are eventually consistent."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not there after {timeout} s")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def client() -> Iterator[Strata]:
    client_id, client_secret = os.environ.get("STRATA_CLIENT_ID"), os.environ.get("STRATA_CLIENT_SECRET")
    if not (client_id and client_secret):
        pytest.fail("STRATA_BASE_URL is set but STRATA_CLIENT_ID or STRATA_CLIENT_SECRET is not")
    with Strata(
        base_url=BASE_URL, client_id=client_id, client_secret=client_secret, user_agent="strata-python-integration-test"
    ) as c:
        yield c


def unique_name() -> str:
    return "sdk_python_" + secrets.token_hex(5)


@pytest.fixture(scope="module")
def type_name(client: Strata) -> Iterator[str]:
    name = unique_name()
    rt = client.resource_types.create(
        name=name,
        description="Python SDK integration test",
        text_attributes=["title"],
        schema={
            "type": "object",
            "required": ["title"],
            "properties": {
                "title": {"type": "string"},
                "priority": {"type": "integer", "minimum": 1, "maximum": 5},
                "approved_by": {"type": "string"},
            },
        },
        lifecycle={
            "initial": "open",
            "states": ["open", "approved"],
            "actions": {
                "approve": {
                    "from": ["open"],
                    "to": "approved",
                    "input_schema": {"type": "object"},
                    "workflow": {
                        "steps": [
                            {
                                "name": "stamp",
                                "type": "resource.set",
                                "input": {"attributes": {"approved_by": "input.approver"}},
                            }
                        ]
                    },
                }
            },
        },
    )
    assert rt.name == name and rt.version == 1 and rt.retired is False
    yield name
    client.resource_types.retire(name)


def test_resource_type_get_and_list(client: Strata, type_name: str) -> None:
    rt = client.resource_types.get(type_name)
    assert rt.name == type_name and rt.schema_["required"] == ["title"]
    assert rt.text_attributes == ["title"]
    names = {t.name for t in client.resource_types.list(page_size=50)}
    assert type_name in names


def test_resource_lifecycle(client: Strata, type_name: str) -> None:
    created = client.resources.create(type=type_name, attributes={"title": "Broken login", "priority": 2})
    assert created.type == type_name and created.state == "open" and created.id
    first_etag = client.resources.etag(created.id)
    assert first_etag

    read = client.resources.get(created.id)
    assert read.id == created.id and read.attributes["title"] == "Broken login"

    updated = client.resources.update(created.id, {"title": "Broken login (again)", "priority": 1})
    assert updated.version > created.version
    assert client.resources.etag(created.id) != first_etag

    with pytest.raises(PreconditionFailedError) as stale:
        client.resources.update(created.id, {"title": "lost update"}, if_match=first_etag)
    assert stale.value.status == 412 and stale.value.type and stale.value.title

    patched = client.resources.patch(created.id, {"priority": 3})
    assert patched.attributes == {"title": "Broken login (again)", "priority": 3}

    ids = {created.id}
    for i in range(2):
        ids.add(client.resources.create(type=type_name, attributes={"title": f"extra {i}", "priority": 5}).id)

    def all_three() -> list[Any] | None:
        found = list(client.resources.list(filter=f'type = "{type_name}"', order_by="created_at desc", page_size=2))
        assert all(r.type == type_name for r in found)
        return found if {r.id for r in found} == ids else None

    found = eventually(all_three, f"the three {type_name} resources in the search index")
    assert len(found) == 3  # over two pages of two

    result = client.resources.run_action("approve", [created.id], {"approver": "ops"})
    assert len(result.operations) == 1 and result.operations[0].status == "pending"
    op_id = result.operations[0].id
    assert op_id
    op = client.operations.wait(op_id, timeout=60)
    assert op.status == "completed", op.error
    assert any(o.id == op_id for o in client.operations.list(resource_id=created.id))

    approved = client.resources.get(created.id)
    assert approved.state == "approved" and approved.attributes["approved_by"] == "ops"

    for rid in ids:
        if rid != created.id:
            client.resources.get(rid)  # the ETag to delete with
        client.resources.delete(rid)
    with pytest.raises(NotFoundError):
        client.resources.get(created.id)


def test_webhook_endpoints(client: Strata) -> None:
    description = unique_name()
    ep = client.webhooks.create(url="http://127.0.0.1:9/hook", event_types=["resource.*"], description=description)
    try:
        assert ep.id and ep.secret and ep.secret.startswith("whsec_")
        got = client.webhooks.get(ep.id)
        assert got.description == description and got.url == "http://127.0.0.1:9/hook" and got.secret is None
        assert any(e.id == ep.id for e in client.webhooks.list(page_size=2))
        renamed = client.webhooks.update(ep.id, description=description + " (renamed)")
        assert renamed.description == description + " (renamed)" and renamed.event_types == ["resource.*"]
    finally:
        client.webhooks.delete(ep.id)
    with pytest.raises(NotFoundError):
        client.webhooks.get(ep.id)


def test_analytics_events_and_metrics(client: Strata, type_name: str) -> None:
    r = client.resources.create(type=type_name, attributes={"title": "event source"})

    def events() -> list[Any] | None:
        return list(client.analytics.events(filter=f'resource_id = "{r.id}"', page_size=10)) or None

    found = eventually(events, f"events of resource {r.id} in the history")
    assert found[0].resource_id == r.id and found[0].type and found[0].time
    metrics = client.analytics.metrics(metric="event_count", interval="1h")
    assert metrics.metric == "event_count" and metrics.total >= 1
    client.resources.delete(r.id)


def test_idempotency_key_replays_the_first_answer(client: Strata, type_name: str) -> None:
    key = "sdk-python-" + secrets.token_hex(8)
    first = client.resources.create(type=type_name, attributes={"title": "once"}, idempotency_key=key)
    again = client.resources.create(type=type_name, attributes={"title": "once"}, idempotency_key=key)
    assert again.id == first.id
    client.resources.delete(first.id)
