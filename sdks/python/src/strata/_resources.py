from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from ._etags import ETagStore
from ._generated.models import ActionRequest, CreateRequest, ReplaceRequest, ResourcePatch
from ._pagination import PageIterator
from ._transport import Transport, decode
from .types import ActionResult, Resource


class Resources:
    """Resources: typed, schema-validated attributes with a lifecycle state (``client.resources``).

    ``update``, ``patch`` and ``delete`` send ``If-Match`` with the ETag this client last saw for
    the resource (from ``create``, ``get``, ``update`` or ``patch``), or the ``if_match`` you pass;
    a stale one raises :class:`strata.PreconditionFailedError`.
    """

    def __init__(self, transport: Transport, etags: ETagStore) -> None:
        self._t = transport
        self._etags = etags

    def create(
        self, *, type: str, attributes: Mapping[str, Any] | None = None, idempotency_key: str | None = None
    ) -> Resource:
        """Create a resource of ``type`` (in its type's initial state)."""
        body = CreateRequest(type=type, attributes=dict(attributes or {}))
        response = self._t.request("POST", "/v2/resources", json_body=body, idempotency_key=idempotency_key)
        return self._remember(Resource.model_validate(decode(response)), response)

    def get(self, id: str) -> Resource:
        response = self._t.request("GET", _path(id))
        return self._remember(Resource.model_validate(decode(response)), response)

    def update(self, id: str, attributes: Mapping[str, Any], *, if_match: str | None = None) -> Resource:
        """Replace all attributes (PUT)."""
        response = self._t.request(
            "PUT", _path(id), json_body=ReplaceRequest(attributes=dict(attributes)), if_match=self._if_match(id, if_match)
        )
        return self._remember(Resource.model_validate(decode(response)), response)

    replace = update

    def patch(
        self,
        id: str,
        attributes: Mapping[str, Any],
        *,
        if_match: str | None = None,
        idempotency_key: str | None = None,
    ) -> Resource:
        """Change some attributes (JSON Merge Patch, RFC 7396): a ``None`` value removes an attribute."""
        response = self._t.request(
            "PATCH",
            _path(id),
            json_body=ResourcePatch(attributes=dict(attributes)),
            content_type="application/merge-patch+json",
            if_match=self._if_match(id, if_match),
            idempotency_key=idempotency_key,
        )
        return self._remember(Resource.model_validate(decode(response)), response)

    def delete(self, id: str, *, if_match: str | None = None) -> None:
        self._t.request("DELETE", _path(id), if_match=self._if_match(id, if_match))
        self._etags.forget("resource:" + id)

    def run_action(
        self,
        action: str,
        resource_ids: Sequence[str],
        input: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> ActionResult:
        """Start ``action`` on each resource; one operation per resource (wait with ``client.operations.wait``)."""
        body = ActionRequest(action=action, resource_ids=list(resource_ids), input=dict(input or {}))
        response = self._t.request("POST", "/v2/resources/actions", json_body=body, idempotency_key=idempotency_key)
        return ActionResult.model_validate(decode(response))

    def list(
        self,
        *,
        filter: str | None = None,
        order_by: str | None = None,
        q: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[Resource]:
        """Search resources (eventually consistent: a new resource shows up within a second or two).

        ``filter`` is an AIP-160 expression (``type = "ticket" AND attributes.priority <= 3``),
        ``order_by`` e.g. ``"created_at desc"``. Iterate the answer for every match, page by page.
        """
        params = {"filter": filter, "order_by": order_by, "q": q, "page_size": page_size}
        return PageIterator(self._t, "/v2/resources", Resource, params)

    def etag(self, id: str) -> str | None:
        """The ETag this client last saw for the resource."""
        return self._etags.get("resource:" + id)

    def _if_match(self, id: str, given: str | None) -> str | None:
        return given or self._etags.get("resource:" + id)

    def _remember(self, resource: Resource, response: Any) -> Resource:
        self._etags.remember("resource:" + resource.id, response)
        return resource


def _path(id: str) -> str:
    return "/v2/resources/" + quote(id, safe="")
