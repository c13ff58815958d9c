"""The README's quickstart: define a type, create, patch, search, run an action, register a webhook.

    STRATA_BASE_URL=http://127.0.0.1:8080 STRATA_CLIENT_ID=... STRATA_CLIENT_SECRET=... python examples/quickstart.py
"""

import secrets
import time

from strata import PreconditionFailedError, Strata

# Reads STRATA_BASE_URL, STRATA_CLIENT_ID and STRATA_CLIENT_SECRET; or pass them:
# Strata(base_url=..., client_id=..., client_secret=...), or api_key="sk_...", or token="...".
with Strata() as client:
    ticket_type = "ticket_" + secrets.token_hex(4)
    client.resource_types.create(
        name=ticket_type,
        description="A support ticket",
        schema={
            "type": "object",
            "required": ["title"],
            "properties": {"title": {"type": "string"}, "priority": {"type": "integer"}, "approved_by": {"type": "string"}},
        },
        lifecycle={
            "initial": "open",
            "states": ["open", "approved"],
            "actions": {
                "approve": {
                    "from": ["open"],
                    "to": "approved",
                    "workflow": {"steps": [{"name": "stamp", "type": "resource.set",
                                            "input": {"attributes": {"approved_by": "input.approver"}}}]},
                }
            },
        },
    )

    ticket = client.resources.create(type=ticket_type, attributes={"title": "Broken login", "priority": 2})
    print("created", ticket.id, ticket.state, ticket.attributes)

    # patch/update send If-Match with the ETag the client last saw for the resource.
    try:
        ticket = client.resources.patch(ticket.id, {"priority": 1})
    except PreconditionFailedError:
        print("someone changed it meanwhile: get it again and retry")
    print("patched to version", ticket.version)

    # Search is eventually consistent: the new ticket shows up within a second or two.
    for _ in range(20):
        found = list(client.resources.list(filter=f'type = "{ticket_type}"', order_by="created_at desc"))
        if found:
            break
        time.sleep(0.5)
    print("search found", [r.id for r in found])

    started = client.resources.run_action("approve", [ticket.id], {"approver": "ops"})
    operation = client.operations.wait(started.operations[0].id, timeout=60)
    print("operation", operation.id, operation.status)
    print("now", client.resources.get(ticket.id).state)  # the get also refreshes the ETag

    # A receiver on this machine (the development stack delivers to loopback URLs).
    endpoint = client.webhooks.create(url="http://127.0.0.1:9000/hooks/strata", event_types=["resource.*"])
    print("webhook endpoint", endpoint.id, "secret", endpoint.secret)  # keep the secret: shown once
    # In the receiver: client.webhooks.verify(body_bytes, request_headers, endpoint.secret)

    client.webhooks.delete(endpoint.id)
    client.resources.delete(ticket.id)
    client.resource_types.retire(ticket_type)
