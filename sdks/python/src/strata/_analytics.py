from __future__ import annotations

from datetime import datetime

from ._generated.models import Metrics as _MetricsAnswer
from ._pagination import PageIterator
from ._transport import Transport, decode
from .types import AnalyticsEvent, Metrics


class Analytics:
    """The tenant's event history and metrics (``client.analytics``)."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def events(
        self,
        *,
        filter: str | None = None,
        start_time: datetime | str | None = None,
        end_time: datetime | str | None = None,
        order_by: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[AnalyticsEvent]:
        """Events of the history, e.g. ``filter='resource_id = "res_..."'``; iterate for all pages."""
        params = {
            "filter": filter,
            "start_time": start_time,
            "end_time": end_time,
            "order_by": order_by,
            "page_size": page_size,
        }
        return PageIterator(self._t, "/v2/analytics/events", AnalyticsEvent, params)

    def metrics(
        self,
        *,
        metric: str | None = None,
        interval: str | None = None,
        start_time: datetime | str | None = None,
        end_time: datetime | str | None = None,
        group_by: str | None = None,
        filter: str | None = None,
    ) -> Metrics:
        """``event_count`` (default), ``workflow_duration`` or ``webhook_success_rate`` per ``interval`` (e.g. ``1h``)."""
        params = {
            "metric": metric,
            "interval": interval,
            "start_time": start_time,
            "end_time": end_time,
            "group_by": group_by,
            "filter": filter,
        }
        answer = _MetricsAnswer.model_validate(decode(self._t.request("GET", "/v2/analytics/metrics", params=params)))
        return answer.root
