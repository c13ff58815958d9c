from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from ._etags import ETagStore
from ._generated.models import ResourceTypeDefinition
from ._pagination import PageIterator
from ._transport import Transport, decode
from .types import ResourceType


class ResourceTypes:
    """Resource types: an attribute JSON Schema and a lifecycle (``client.resource_types``)."""

    def __init__(self, transport: Transport, etags: ETagStore) -> None:
        self._t = transport
        self._etags = etags

    def create(
        self,
        *,
        name: str,
        schema: Mapping[str, Any],
        lifecycle: Mapping[str, Any],
        description: str | None = None,
        text_attributes: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> ResourceType:
        """Define a resource type (version 1). ``text_attributes``: the string attributes
        embedded for semantic search (default: every string attribute)."""
        body = _definition(name, schema, lifecycle, description, text_attributes)
        response = self._t.request("POST", "/v2/resource-types", json_body=body, idempotency_key=idempotency_key)
        return self._remember(ResourceType.model_validate(decode(response)), response)

    def get(self, name: str, *, version: int | None = None) -> ResourceType:
        """The latest version, or ``version``."""
        response = self._t.request("GET", _path(name), params={"version": version})
        return self._remember(ResourceType.model_validate(decode(response)), response)

    def list(self, *, page_size: int | None = None) -> PageIterator[ResourceType]:
        return PageIterator(self._t, "/v2/resource-types", ResourceType, {"page_size": page_size})

    def update(
        self,
        name: str,
        *,
        schema: Mapping[str, Any],
        lifecycle: Mapping[str, Any],
        description: str | None = None,
        text_attributes: Sequence[str] | None = None,
        if_match: str | None = None,
    ) -> ResourceType:
        """Publish a new version of the type (PUT, with If-Match)."""
        body = _definition(name, schema, lifecycle, description, text_attributes)
        response = self._t.request(
            "PUT", _path(name), json_body=body, if_match=if_match or self._etags.get("resource-type:" + name)
        )
        return self._remember(ResourceType.model_validate(decode(response)), response)

    def retire(self, name: str) -> ResourceType:
        """Retire the type: no new resources of it."""
        response = self._t.request("POST", _path(name) + "/retire")
        return ResourceType.model_validate(decode(response))

    def _remember(self, rt: ResourceType, response: Any) -> ResourceType:
        self._etags.remember("resource-type:" + rt.name, response)
        return rt


def _path(name: str) -> str:
    return "/v2/resource-types/" + quote(name, safe="")


def _definition(
    name: str,
    schema: Mapping[str, Any],
    lifecycle: Mapping[str, Any],
    description: str | None,
    text_attributes: Sequence[str] | None,
) -> ResourceTypeDefinition:
    return ResourceTypeDefinition(
        name=name,
        schema=dict(schema),
        lifecycle=dict(lifecycle),
        description=description,
        text_attributes=list(text_attributes) if text_attributes is not None else None,
    )
