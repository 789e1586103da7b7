"""Invalid queries are 400 problems naming the field, and never reach the provider."""

from collections.abc import Iterator

import httpx
import pytest

from support import Provider, assert_json, assert_problem

PATHS = ["/weather/current", "/weather/forecast"]
INVALID = {
    "neither": ({}, {"city", "lat", "lon"}),
    "both": ({"city": "Zürich", "lat": "47.37", "lon": "8.55"}, {"city", "lat", "lon"}),
    "empty-city": ({"city": ""}, {"city"}),
    "blank-city": ({"city": "   "}, {"city"}),
    "lat-only": ({"lat": "47.37"}, {"lon"}),
    "lon-only": ({"lon": "8.55"}, {"lat"}),
    "lat-text": ({"lat": "north", "lon": "8.55"}, {"lat"}),
    "lon-empty": ({"lat": "47.37", "lon": ""}, {"lon"}),
    "lat-comma": ({"lat": "47,37", "lon": "8.55"}, {"lat"}),
    "lat-nan": ({"lat": "NaN", "lon": "8.55"}, {"lat"}),
    "lon-inf": ({"lat": "47.37", "lon": "Infinity"}, {"lon"}),
    "lat-above": ({"lat": "90.01", "lon": "0"}, {"lat"}),
    "lat-below": ({"lat": "-91", "lon": "0"}, {"lat"}),
    "lon-above": ({"lat": "0", "lon": "180.5"}, {"lon"}),
    "lon-below": ({"lat": "0", "lon": "-181"}, {"lon"}),
}
INVALID_DAYS = ["0", "8", "-1", "3.5", "three", "", "1e1"]


@pytest.fixture
def untouched(provider: Provider) -> Iterator[None]:
    yield
    calls = provider.calls()
    assert (calls["search"], calls["forecast"]) == (0, 0), f"an invalid query reached the provider: {calls['last']}"


@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", INVALID)
def test_invalid_location_is_a_400(client: httpx.Client, path: str, case: str) -> None:
    params, fields = INVALID[case]
    body = assert_problem(client.get(path, params=params), 400)
    named = {error["field"] for error in body["errors"]}
    assert named & fields, f"`errors` names {sorted(named)}, expected one of {sorted(fields)}"


@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize("days", INVALID_DAYS)
def test_days_outside_one_to_seven_is_a_400(client: httpx.Client, days: str) -> None:
    assert_problem(client.get("/weather/forecast", params={"lat": "10", "lon": "10", "days": days}), 400, {"days"})


@pytest.mark.parametrize(("lat", "lon"), [("90", "180"), ("-90", "-180"), ("0", "0"), ("-0.5", "179.999")])
def test_the_bounds_themselves_are_valid(client: httpx.Client, lat: str, lon: str) -> None:
    assert_json(client.get("/weather/current", params={"lat": lat, "lon": lon}), 200)
