"""What a request asks about, read from its query string, and its cache key.

A place is a city by name, or a point. Cities are compared without regard to
case (every Unicode letter, with full case folding) or the space around them;
points are rounded to two decimals, about a kilometre, finer than the
provider's own grid, so nearby requests share one entry and the cache cannot
be flooded by `lat=48.85661`, `48.85662`, ….
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from .core.problems import FieldError

MAX_CITY_LENGTH = 100
DEFAULT_DAYS = 3
# The provider is always asked for this many days, so one entry serves every `days`.
MAX_DAYS = 7

# A plain decimal number: no exponent, no hexadecimal, no NaN or Infinity.
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Place:
    city: str | None = None  # as given, trimmed; None for a point
    latitude: float = 0.0
    longitude: float = 0.0

    @property
    def key(self) -> str:
        """The place's part of a cache key."""
        if self.city is not None:
            return f"city:{self.city.casefold()}"
        return f"point:{self.latitude:.2f},{self.longitude:.2f}"


def read_place(query: QueryParams) -> tuple[Place, list[FieldError]]:
    """`city`, or `lat` and `lon`; the point rounded to two decimals, as it is cached and asked for."""
    city, lat, lon = ("city" in query), ("lat" in query), ("lon" in query)
    if city and (lat or lon):
        return Place(), _invalid("city", "give either city or lat and lon, not both")
    if not (city or lat or lon):
        return Place(), _invalid("city", "give city, or lat and lon")
    if city:
        name = _first(query, "city").strip()
        if not name:
            return Place(), _invalid("city", "must not be blank")
        if len(name) > MAX_CITY_LENGTH:
            return Place(), _invalid("city", f"must be at most {MAX_CITY_LENGTH} characters")
        if any(unicodedata.category(character) == "Cc" for character in name):
            return Place(), _invalid("city", "must not contain control characters")
        return Place(city=name), []
    errors: list[FieldError] = []
    latitude = _coordinate(query, "lat", "lon", 90, errors)
    longitude = _coordinate(query, "lon", "lat", 180, errors)
    return Place(latitude=latitude, longitude=longitude), errors


def read_days(query: QueryParams) -> tuple[int, list[FieldError]]:
    """`days`, a whole number from 1 to MAX_DAYS (DEFAULT_DAYS when absent)."""
    if "days" not in query:
        return DEFAULT_DAYS, []
    text = _first(query, "days")
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_DAYS:
        return 0, _invalid("days", f"must be a whole number from 1 to {MAX_DAYS}")
    return int(text), []


def round_coordinate(value: float) -> float:
    """To two decimals, halves away from zero; a rounded -0 is 0, so -0.001 and 0.001 share a key."""
    return math.copysign(math.floor(abs(value) * 100 + 0.5), value) / 100 + 0.0


def _coordinate(
    query: QueryParams, name: str, other: str, bound: float, errors: list[FieldError]
) -> float:
    if name not in query:
        errors.append(FieldError(field=name, message=f"is required with {other}"))
        return 0.0
    text = _first(query, name)
    if not _DECIMAL.fullmatch(text):
        errors.append(FieldError(field=name, message="must be a decimal number"))
        return 0.0
    value = float(text)
    if not -bound <= value <= bound:
        errors.append(FieldError(field=name, message=f"must be from {-bound:g} to {bound:g}"))
        return 0.0
    return round_coordinate(value)


def _first(query: QueryParams, name: str) -> str:
    # A parameter given twice counts once: the first, as most frameworks read it.
    return query.getlist(name)[0]


def _invalid(field: str, message: str) -> list[FieldError]:
    return [FieldError(field=field, message=message)]
