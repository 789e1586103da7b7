"""The service in front of the provider: current weather and forecasts by
city or point, answered from the cache while an entry is fresh, fetched once
per key however many requests miss it at the same time (single flight), and
answered from an expired entry when the provider fails (stale-if-error,
RFC 5861).

Cache-aside: the service reads the store, calls the provider on a miss and
writes the answer back, so what a failure is, what a key is made of and when
an expired entry may still answer are decided here, and a store is a plain
key-value interface, the same for memory and Redis.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import ValidationError

from .cache import CacheUnavailableError, Store
from .core.timestamps import utc_now
from .openmeteo import OpenMeteo, ProviderError
from .places import MAX_DAYS, Place
from .schemas import CacheStats, Conditions, CurrentReport, Day, Entry, ForecastReport, Location
from .wmo import describe

logger = logging.getLogger(__name__)


class Source(StrEnum):
    """Where an answer came from, as the X-Cache header says."""

    HIT = "HIT"  # a fresh cache entry
    MISS = "MISS"  # the provider, just now (or an attempt that failed)
    STALE = "STALE"  # an expired entry, because the provider failed


@dataclass(frozen=True)
class Policy:
    """How long entries are fresh, and how long after that they may answer while the provider fails."""

    ttl: timedelta
    stale: timedelta


class WeatherService:
    def __init__(
        self,
        provider: OpenMeteo,
        store: Store,
        policy: Policy,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.provider = provider
        self.store = store
        self.policy = policy
        self._now = now
        # The fetch in flight for each key, which every request missing that key
        # awaits. Per process: replicas behind a shared Redis each make their own call.
        self._flights: dict[str, asyncio.Task[Entry]] = {}
        self.hits = 0
        self.misses = 0
        self.stale = 0

    async def current(self, place: Place) -> tuple[CurrentReport, Source]:
        async def fetch() -> Entry:
            location = await self._locate(place)
            now = await self.provider.current(location.latitude, location.longitude)
            conditions = Conditions(
                temperature_c=now.temperature_c,
                wind_speed_kmh=now.wind_speed_kmh,
                weather_code=now.weather_code,
                description=describe(now.weather_code),
                observed_at=now.time,
            )
            return Entry(fetched_at=self._now(), location=location, current=conditions)

        entry, source = await self._lookup(f"current:{place.key}", fetch)
        if entry.current is None:
            raise RuntimeError("a current-weather entry without the current weather")
        report = CurrentReport(
            location=entry.location,
            current=entry.current,
            cached=source is not Source.MISS,
            fetched_at=entry.fetched_at,
        )
        return report, source

    async def forecast(self, place: Place, days: int) -> tuple[ForecastReport, Source]:
        async def fetch() -> Entry:
            location = await self._locate(place)
            daily = await self.provider.daily(location.latitude, location.longitude, MAX_DAYS)
            forecast = [
                Day(
                    date=day.date,
                    min_c=day.min_c,
                    max_c=day.max_c,
                    precipitation_mm=day.precipitation_mm,
                    weather_code=day.weather_code,
                    description=describe(day.weather_code),
                )
                for day in daily
            ]
            return Entry(fetched_at=self._now(), location=location, days=forecast)

        entry, source = await self._lookup(f"forecast:{place.key}", fetch)
        if entry.days is None or len(entry.days) < days:
            raise RuntimeError("a forecast entry with fewer days than asked for")
        report = ForecastReport(
            location=entry.location,
            days=entry.days[:days],
            cached=source is not Source.MISS,
            fetched_at=entry.fetched_at,
        )
        return report, source

    def stats(self) -> CacheStats:
        return CacheStats(
            hits=self.hits,
            misses=self.misses,
            stale=self.stale,
            upstream_calls=self.provider.calls,
        )

    async def ready(self) -> None:
        """Return if the cache answers; raise CacheUnavailableError otherwise."""
        await self.store.ping()

    async def _locate(self, place: Place) -> Location:
        """The provider's own name and coordinates for a city, the rounded point itself otherwise."""
        if place.city is None:
            return Location(
                name=None, country=None, latitude=place.latitude, longitude=place.longitude
            )
        found = await self.provider.search(place.city)
        return Location(
            name=found.name,
            country=found.country,
            latitude=found.latitude,
            longitude=found.longitude,
        )

    async def _lookup(
        self, key: str, fetch: Callable[[], Awaitable[Entry]]
    ) -> tuple[Entry, Source]:
        """A fresh entry at once; otherwise the one fetch of this key, or an expired entry
        still within its stale window when that fetch fails with the provider at fault."""
        held = await self._read(key)
        if held is not None and self._now() < held.fetched_at + self.policy.ttl:
            self.hits += 1
            return held, Source.HIT
        flight = self._flights.get(key)
        if flight is None:
            flight = asyncio.create_task(self._fetch(key, fetch))
            self._flights[key] = flight
            flight.add_done_callback(lambda done: self._landed(key, done))
        try:
            # The fetch answers every request waiting on this key, so the one that
            # started it going away (a client that hung up) must not cancel it.
            fresh = await asyncio.shield(flight)
        except ProviderError as error:
            window = self.policy.ttl + self.policy.stale
            if held is not None and self._now() < held.fetched_at + window:
                logger.warning(
                    "weather provider failed; answering from an expired entry",
                    extra={"key": key, "error": str(error)},
                )
                self.stale += 1
                return held, Source.STALE
            self.misses += 1
            raise
        except Exception:
            self.misses += 1
            raise
        self.misses += 1
        return fresh, Source.MISS

    async def _fetch(self, key: str, fetch: Callable[[], Awaitable[Entry]]) -> Entry:
        fresh = await fetch()
        await self._write(key, fresh)
        return fresh

    def _landed(self, key: str, flight: "asyncio.Task[Entry]") -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        # Retrieved here, so a failure nobody waited for any more is not reported as lost.
        if not flight.cancelled():
            flight.exception()

    async def _read(self, key: str) -> Entry | None:
        """The entry under key, if the cache holds one. A cache that cannot be asked
        (Redis down) is a miss: the provider answers instead."""
        try:
            data = await self.store.get(key)
        except CacheUnavailableError as error:
            logger.warning("cache unavailable; asking the provider", extra={"error": str(error)})
            return None
        if data is None:
            return None
        try:
            return Entry.model_validate_json(data)
        except ValidationError:
            logger.warning("unreadable cache entry; asking the provider", extra={"key": key})
            return None

    async def _write(self, key: str, fresh: Entry) -> None:
        """Keep `fresh` for TTL + the stale window, so that it can answer stale once expired."""
        window = self.policy.ttl + self.policy.stale
        try:
            await self.store.set(
                key, fresh.model_dump_json(by_alias=True).encode(), window.total_seconds()
            )
        except CacheUnavailableError as error:
            logger.warning("could not cache an answer", extra={"key": key, "error": str(error)})
