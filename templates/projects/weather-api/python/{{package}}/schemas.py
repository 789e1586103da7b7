"""The API's answers, and the cache entries they are made from (camelCase in JSON)."""

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.timestamps import Timestamp


class _Model(BaseModel):
    # Forbidding extra fields also documents `additionalProperties: false`.
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True
    )


class Location(_Model):
    """Where a report is for: the provider's name and country of a city, or none for a point."""

    name: str | None = Field(description="The provider's name of the city; null for coordinates.")
    country: str | None
    latitude: float
    longitude: float


class Conditions(_Model):
    """The weather now."""

    temperature_c: float = Field(alias="temperatureC")
    wind_speed_kmh: float
    weather_code: int = Field(description="A WMO weather interpretation code.")
    description: str = Field(
        description='The code\'s text, "Unknown" for a code outside the table.'
    )
    observed_at: Timestamp


class Day(_Model):
    """One day of a forecast."""

    date: str = Field(json_schema_extra={"format": "date"})
    min_c: float = Field(alias="minC")
    max_c: float = Field(alias="maxC")
    precipitation_mm: float
    weather_code: int
    description: str


class CurrentReport(_Model):
    location: Location
    current: Conditions
    cached: bool = Field(description="Whether the answer came from the cache (HIT or STALE).")
    fetched_at: Timestamp = Field(description="When the data came from the provider.")


class ForecastReport(_Model):
    location: Location
    days: list[Day] = Field(min_length=1, max_length=7)
    cached: bool = Field(description="Whether the answer came from the cache (HIT or STALE).")
    fetched_at: Timestamp = Field(description="When the data came from the provider.")


class CacheStats(_Model):
    hits: int = Field(ge=0)
    misses: int = Field(ge=0)
    stale: int = Field(ge=0)
    upstream_calls: int = Field(ge=0)


class Entry(_Model):
    """What the cache holds of one answer from the provider, as JSON in memory or Redis:
    the current weather, or every day of forecast the provider gives (an answer is cut
    to the days asked for, so one entry serves every `days`)."""

    fetched_at: Timestamp
    location: Location
    current: Conditions | None = None
    days: list[Day] | None = None
