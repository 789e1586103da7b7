"""The client of the weather provider, Open-Meteo: its geocoding search and
its forecast API, the only two calls the service makes.

One `httpx2.AsyncClient` serves every call, so connections are reused; each
call is bounded by a timeout; and whatever the provider answers that is not
the data asked for becomes a `ProviderError` that carries no part of its body.
"""

import asyncio
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import httpx2
from pydantic import BaseModel, ConfigDict, Field, ValidationError

# The most of an answer read: a forecast is a few kilobytes.
MAX_BODY_BYTES = 1 << 20


class ProviderError(Exception):
    """A call that failed: no answer in time, an error status, or not the data asked for.

    It says which, never what the provider's body said.
    """

    def __init__(
        self, call: str, reason: str, *, timeout: bool = False, status: int | None = None
    ) -> None:
        super().__init__(f"open-meteo {call}: {reason}")
        self.call = call
        self.timeout = timeout
        self.status = status


class CityNotFoundError(Exception):
    """The geocoding search knows no place of that name."""


class _Strict(BaseModel):
    # The provider's JSON as it is: "3" is not the integer 3; other fields are ignored.
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class FoundPlace(_Strict):
    name: str
    country: str | None = None  # some places have none
    latitude: Latitude
    longitude: Longitude


class _SearchAnswer(_Strict):
    # No `results` key at all, or an empty list: nothing has that name.
    results: list[FoundPlace] | None = None


class _CurrentValues(_Strict):
    time: str
    temperature_2m: float
    wind_speed_10m: float
    weather_code: int


class _CurrentAnswer(_Strict):
    current: _CurrentValues


class _DailyValues(_Strict):
    time: list[str]
    temperature_2m_max: list[float | None]
    temperature_2m_min: list[float | None]
    precipitation_sum: list[float | None]
    weather_code: list[int | None]


class _DailyAnswer(_Strict):
    daily: _DailyValues


class Now(BaseModel):
    """The weather now at a point; `time` is UTC, to the minute."""

    time: datetime
    temperature_c: float
    wind_speed_kmh: float
    weather_code: int


class ProviderDay(BaseModel):
    date: str  # YYYY-MM-DD, UTC
    min_c: float
    max_c: float
    precipitation_mm: float
    weather_code: int


AnswerT = TypeVar("AnswerT", bound=BaseModel)


class OpenMeteo:
    """Calls Open-Meteo at two base URLs (a path of their own allowed)."""

    def __init__(
        self,
        geocoding_url: str,
        forecast_url: str,
        *,
        timeout_seconds: float,
        user_agent: str,
    ) -> None:
        self.geocoding_url = geocoding_url.rstrip("/")
        self.forecast_url = forecast_url.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self.calls = 0
        self._http = httpx2.AsyncClient(
            timeout=timeout_seconds,
            # Every call goes to one of two hosts: keep enough idle connections to
            # them that a burst of misses does not dial afresh each time.
            limits=httpx2.Limits(max_connections=64, max_keepalive_connections=32),
            headers={"User-Agent": user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def search(self, name: str) -> FoundPlace:
        """The place called `name`, or CityNotFoundError."""
        answer = await self._get(
            "search",
            f"{self.geocoding_url}/v1/search",
            {"name": name, "count": "1"},
            _SearchAnswer,
        )
        if not answer.results:
            raise CityNotFoundError(name)
        return answer.results[0]

    async def current(self, latitude: float, longitude: float) -> Now:
        """The weather now at latitude, longitude."""
        query = _point(latitude, longitude)
        query["current"] = "temperature_2m,wind_speed_10m,weather_code"
        answer = await self._get(
            "forecast", f"{self.forecast_url}/v1/forecast", query, _CurrentAnswer
        )
        now = answer.current
        try:
            observed = datetime.strptime(now.time, "%Y-%m-%dT%H:%M").replace(tzinfo=UTC)
        except ValueError:
            raise ProviderError("forecast", "current.time is not YYYY-MM-DDTHH:MM") from None
        return Now(
            time=observed,
            temperature_c=now.temperature_2m,
            wind_speed_kmh=now.wind_speed_10m,
            weather_code=now.weather_code,
        )

    async def daily(self, latitude: float, longitude: float, days: int) -> list[ProviderDay]:
        """The forecast of the next `days` days at latitude, longitude, today first."""
        query = _point(latitude, longitude)
        query["daily"] = "temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code"
        query["forecast_days"] = str(days)
        answer = await self._get(
            "forecast", f"{self.forecast_url}/v1/forecast", query, _DailyAnswer
        )
        daily = answer.daily
        result = []
        for index in range(days):
            try:
                day = ProviderDay(
                    date=datetime.strptime(daily.time[index], "%Y-%m-%d").date().isoformat(),
                    min_c=_present(daily.temperature_2m_min[index]),
                    max_c=_present(daily.temperature_2m_max[index]),
                    precipitation_mm=_present(daily.precipitation_sum[index]),
                    weather_code=_present(daily.weather_code[index]),
                )
            except (IndexError, ValueError):
                raise ProviderError("forecast", f"an answer without {days} days") from None
            result.append(day)
        return result

    async def _get(
        self, call: str, url: str, query: dict[str, str], answer: type[AnswerT]
    ) -> AnswerT:
        self.calls += 1
        try:
            # httpx2's timeout bounds each step (connect, each read); this bounds the whole call.
            async with asyncio.timeout(self.timeout_seconds):
                body = await self._fetch(call, url, query)
        except (TimeoutError, httpx2.TimeoutException):
            raise ProviderError(call, "no answer in time", timeout=True) from None
        except httpx2.HTTPError as error:
            raise ProviderError(call, f"{type(error).__name__}") from None
        try:
            return answer.model_validate_json(body)
        except ValidationError as error:
            # The error names the fields at fault, never the values the provider sent.
            fields = sorted({".".join(map(str, e["loc"])) or "body" for e in error.errors()})
            raise ProviderError(call, f"not the JSON expected: {', '.join(fields)}") from None

    async def _fetch(self, call: str, url: str, query: dict[str, str]) -> bytes:
        async with self._http.stream("GET", url, params=query) as response:
            if response.status_code != 200:
                # The body is the provider's business, not the caller's: dropped unread.
                raise ProviderError(
                    call, f"status {response.status_code}", status=response.status_code
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise ProviderError(call, f"an answer over {MAX_BODY_BYTES} bytes")
            return bytes(body)


def _point(latitude: float, longitude: float) -> dict[str, str]:
    """The query of a forecast at these coordinates, in UTC."""
    return {"latitude": repr(latitude), "longitude": repr(longitude), "timezone": "UTC"}


ValueT = TypeVar("ValueT")


def _present(value: ValueT | None) -> ValueT:
    if value is None:
        raise ValueError("a day without a value")
    return value
