"""The weather now and the daily forecast, by `city` or by `lat` and `lon`.

The query is read by hand rather than by FastAPI's parameters: "city, or lat
and lon, never both" is a rule across parameters, and each mistake gets a
message of its own. The parameters are still documented in /openapi.json.
"""

import json
import logging
from typing import Any, cast

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from ...core.config import Settings
from ...core.openapi import problem_responses
from ...core.problems import FieldError, problem_response
from ...core.rate_limit import limiters_of
from ...openmeteo import CityNotFoundError, ProviderError
from ...places import DEFAULT_DAYS, MAX_CITY_LENGTH, MAX_DAYS, Place, read_days, read_place
from ...schemas import CurrentReport, ForecastReport
from ...service import Source, WeatherService

logger = logging.getLogger(__name__)


def rate_limit(request: Request) -> None:
    """At most RATE_LIMIT_PER_MINUTE weather requests per client address, cache hits
    included: a hit is cheap for the provider but not free for this server. One budget
    for both routes; the address is the socket peer."""
    settings = cast(Settings, request.app.state.settings)
    client = request.client.host if request.client else "unknown"
    limiter = limiters_of(request.app).get("weather", settings.rate_limit_per_minute)
    retry_after = limiter.hit(client)
    if retry_after is not None:
        raise HTTPException(
            status_code=429,
            detail="too many requests: try again later",
            headers={"Retry-After": str(retry_after)},
        )


router = APIRouter(prefix="/weather", tags=["weather"], dependencies=[Depends(rate_limit)])

_X_CACHE = {
    "X-Cache": {
        "description": "HIT: a fresh cache entry; MISS: fetched from the provider just now;"
        " STALE: an expired entry, because the provider failed.",
        "required": True,
        "schema": {"type": "string", "enum": [source.value for source in Source]},
    }
}
_PLACE_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "city",
        "in": "query",
        "description": "A city name, without regard to case or surrounding space. Not with lat and lon.",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_CITY_LENGTH},
    },
    {
        "name": "lat",
        "in": "query",
        "description": "Latitude in degrees, a decimal number; with lon, not with city. Rounded to 2 decimals.",
        "schema": {"type": "number", "minimum": -90, "maximum": 90},
    },
    {
        "name": "lon",
        "in": "query",
        "description": "Longitude in degrees, a decimal number; with lat, not with city. Rounded to 2 decimals.",
        "schema": {"type": "number", "minimum": -180, "maximum": 180},
    },
]
_DAYS_PARAMETER = {
    "name": "days",
    "in": "query",
    "description": "How many days, today first.",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_DAYS, "default": DEFAULT_DAYS},
}


def _responses(description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": description, "headers": _X_CACHE},
        **problem_responses(400, 404, 429, 502, 504),
    }


@router.get(
    "/current",
    responses=_responses("The weather now"),
    openapi_extra={"parameters": _PLACE_PARAMETERS},
    response_model=CurrentReport,
)
async def get_current_weather(request: Request, response: Response) -> Response | CurrentReport:
    """The weather now, by city or coordinates."""
    place, errors = read_place(request.query_params)
    if errors:
        return _invalid(errors)
    service = cast(WeatherService, request.app.state.weather)
    try:
        report, source = await service.current(place)
    except (CityNotFoundError, ProviderError) as error:
        raise _problem(request, place, error) from None
    response.headers["X-Cache"] = source.value
    return report


@router.get(
    "/forecast",
    responses=_responses("The daily forecast, today first"),
    openapi_extra={"parameters": [*_PLACE_PARAMETERS, _DAYS_PARAMETER]},
    response_model=ForecastReport,
)
async def get_forecast(request: Request, response: Response) -> Response | ForecastReport:
    """The daily forecast, today first, by city or coordinates."""
    place, errors = read_place(request.query_params)
    days, day_errors = read_days(request.query_params)
    if errors or day_errors:
        return _invalid([*errors, *day_errors])
    service = cast(WeatherService, request.app.state.weather)
    try:
        report, source = await service.forecast(place, days)
    except (CityNotFoundError, ProviderError) as error:
        raise _problem(request, place, error) from None
    response.headers["X-Cache"] = source.value
    return report


def _invalid(errors: list[FieldError]) -> Response:
    return problem_response(400, "the request is invalid", errors=errors)


def _problem(
    request: Request, place: Place, error: CityNotFoundError | ProviderError
) -> HTTPException:
    """The answer to a lookup that failed: 404 for a city the provider does not know,
    504 when it did not answer in time, 502 for anything else it did wrong. The
    provider's own words go to the log, never to the caller."""
    miss = {"X-Cache": Source.MISS.value}
    if isinstance(error, CityNotFoundError):
        name = json.dumps(place.city, ensure_ascii=False)
        return HTTPException(404, f"Open-Meteo knows no city named {name}", headers=miss)
    logger.warning("weather provider failed", extra={"error": str(error)})
    settings = cast(Settings, request.app.state.settings)
    if error.timeout:
        detail = f"the weather provider Open-Meteo did not answer within {settings.upstream_timeout_seconds}s"
        return HTTPException(504, detail, headers=miss)
    detail = "the weather provider Open-Meteo failed to answer with a forecast; try again shortly"
    return HTTPException(502, detail, headers=miss)
