"""Auto-pagination: lists answer {"items": [...], "next_page_token": "..."|null}."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ._transport import Transport, decode

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list."""

    items: list[T]
    next_page_token: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def has_more(self) -> bool:
        return bool(self.next_page_token)


class PageIterator(Generic[T]):
    """Iterates over every item of a list, fetching the next page lazily when the last one is used up.

    ``for item in it`` walks all items; ``it.pages()`` walks pages; each iteration starts again
    from the first page.
    """

    def __init__(
        self, transport: Transport, path: str, model: type[T], params: Mapping[str, Any] | None = None
    ) -> None:
        self._transport = transport
        self._path = path
        self._model = model
        self._params = {k: v for k, v in (params or {}).items() if v is not None}

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[T]]:
        token: str | None = None
        seen: set[str] = set()
        while True:
            page = self.fetch_page(token)
            yield page
            token = page.next_page_token
            if not token or token in seen:
                return
            seen.add(token)

    def fetch_page(self, page_token: str | None = None) -> Page[T]:
        """One page: the first one, or the one ``page_token`` (a previous ``next_page_token``) names."""
        params = dict(self._params)
        if page_token:
            params["page_token"] = page_token
        body = decode(self._transport.request("GET", self._path, params=params)) or {}
        items = [self._model.model_validate(item) for item in body.get("items") or []]
        return Page(items=items, next_page_token=body.get("next_page_token") or None, raw=body)

    def first(self) -> T | None:
        """The first item, or None (fetches one page)."""
        return next(iter(self), None)

    def to_list(self, limit: int | None = None) -> list[T]:
        """All items (or the first ``limit``) as a list."""
        out: list[T] = []
        for item in self:
            if limit is not None and len(out) >= limit:
                break
            out.append(item)
        return out


