"""The ETags the client last saw, so updates can send If-Match without the caller keeping them."""

from __future__ import annotations

import threading
from collections import OrderedDict

import httpx


class ETagStore:
    """A bounded map (least recently used out first) from an object key to its last ETag."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._lock = threading.Lock()
        self._tags: OrderedDict[str, str] = OrderedDict()

    def remember(self, key: str, response: httpx.Response) -> None:
        tag = response.headers.get("ETag")
        if not tag:
            return
        with self._lock:
            self._tags[key] = tag
            self._tags.move_to_end(key)
            while len(self._tags) > self._capacity:
                self._tags.popitem(last=False)

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._tags.get(key)

    def forget(self, key: str) -> None:
        with self._lock:
            self._tags.pop(key, None)
