from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from ._errors import OperationTimeoutError
from ._pagination import PageIterator
from ._transport import Transport, decode
from .types import OPERATION_DONE, CancelAccepted, Operation, OperationSummary, SignalAccepted


class Operations:
    """Operations: the workflow runs actions start (``client.operations``)."""

    def __init__(self, transport: Transport, clock: Callable[[], float] = time.monotonic) -> None:
        self._t = transport
        self._clock = clock

    def get(self, id: str) -> Operation:
        return Operation.model_validate(decode(self._t.request("GET", _path(id))))

    def list(self, *, resource_id: str | None = None, page_size: int | None = None) -> PageIterator[OperationSummary]:
        params = {"resource_id": resource_id, "page_size": page_size}
        return PageIterator(self._t, "/v2/operations", OperationSummary, params)

    def signal(self, id: str, name: str, payload: Mapping[str, Any] | None = None) -> SignalAccepted:
        """Send signal ``name`` (with an optional JSON payload) to an operation waiting for it."""
        response = self._t.request("POST", _path(id) + "/signals/" + quote(name, safe=""), json_body=dict(payload or {}))
        return SignalAccepted.model_validate(decode(response))

    def cancel(self, id: str) -> CancelAccepted:
        """Cancel an operation; its completed steps compensate."""
        return CancelAccepted.model_validate(decode(self._t.request("POST", _path(id) + "/cancel")))

    def wait(
        self,
        id: str,
        *,
        timeout: float | None = 300.0,
        poll_interval: float = 0.2,
        max_poll_interval: float = 5.0,
        multiplier: float = 1.5,
    ) -> Operation:
        """Poll the operation until it is done (completed, failed, compensated or cancelled).

        Polls after ``poll_interval`` seconds, growing by ``multiplier`` up to ``max_poll_interval``.
        Returns the finished operation whatever its outcome (check ``.status``); raises
        :class:`strata.OperationTimeoutError` (with the last state seen) after ``timeout`` seconds
        (``None``: wait for ever).
        """
        deadline = None if timeout is None else self._clock() + timeout
        interval = poll_interval
        last: Operation | None = None
        while True:
            last = self.get(id)
            if last.status in OPERATION_DONE:
                return last
            if deadline is not None:
                remaining = deadline - self._clock()
                if remaining <= 0:
                    raise OperationTimeoutError(
                        f"operation {id} is still {last.status} after {timeout} s", operation=last
                    )
                self._t.sleep(min(interval, remaining))
            else:
                self._t.sleep(interval)
            interval = min(interval * multiplier, max_poll_interval)


def _path(id: str) -> str:
    return "/v2/operations/" + quote(id, safe="")
