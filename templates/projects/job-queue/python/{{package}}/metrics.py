"""`jobqueue_jobs{state}`: how many jobs are in each state, counted when Prometheus scrapes.

Counted in the database at scrape time rather than kept in process memory,
so every API replica reports the same, true numbers, however many servers
changed the jobs in between.
"""

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from .clock import database_now
from .models import State, in_state


class JobsByState(Collector):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("jobqueue_jobs", "Jobs in each state.", labels=["state"])
        with self._sessions() as session:
            now = database_now(session)
            counts = session.execute(
                select(*(func.count().filter(in_state(state, now)) for state in State))
            ).one()
        for state, count in zip(State, counts, strict=True):
            family.add_metric([state.value], count)
        yield family
