"""`weather_cache_requests_total{result}`: weather answers by where they came from."""

from collections.abc import Iterator
from typing import cast

from fastapi import FastAPI
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from .service import WeatherService


class CacheRequests(Collector):
    """Read from the service's own counts at scrape time, the ones /cache/stats shows."""

    def __init__(self, app: FastAPI) -> None:
        self._app = app

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "weather_cache_requests",
            "Weather answers, by where they came from: a fresh cache entry, the provider,"
            " or an expired entry while the provider failed.",
            labels=["result"],
        )
        service = cast(WeatherService | None, getattr(self._app.state, "weather", None))
        stats = service.stats() if service is not None else None
        for result, count in (
            ("hit", stats.hits if stats else 0),
            ("miss", stats.misses if stats else 0),
            ("stale", stats.stale if stats else 0),
        ):
            family.add_metric([result], count)
        yield family
