"""`orderevents_orders{status}`: how many orders are in each status, counted when Prometheus scrapes.

Counted in the database at scrape time rather than kept in process memory: the
consumers that confirm and reject orders are other processes.
"""

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session, sessionmaker

from .store import counts_by_status


class OrdersByStatus(Collector):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "orderevents_orders", "Orders in each status.", labels=["status"]
        )
        with self._sessions() as session:
            counts = counts_by_status(session)
        for status, count in counts.items():
            family.add_metric([status], count)
        yield family
