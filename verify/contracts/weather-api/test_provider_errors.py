"""The provider failing with nothing cached: 502 for a 5xx or a malformed
answer, 504 when it does not answer within UPSTREAM_TIMEOUT_SECONDS; problem
details that name the provider and never carry its own error body."""

import time
import uuid

import httpx
import pytest

from support import UPSTREAM_TIMEOUT, Provider, assert_provider_problem, unique_city, unique_coordinates

PATHS = ["/weather/current", "/weather/forecast"]


def _query(provider: Provider, by: str) -> dict[str, object]:
    if by == "city":
        return {"city": provider.place(unique_city())["name"]}
    latitude, longitude = unique_coordinates()
    return {"lat": latitude, "lon": longitude}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("status", [500, 503])
@pytest.mark.parametrize("route", ["search", "forecast"])
def test_a_provider_5xx_is_a_502_without_its_body(
    client: httpx.Client, provider: Provider, path: str, status: int, route: str
) -> None:
    secret = f"upstream-secret-{uuid.uuid4().hex}"
    provider.mode(route, "error", status=status, body=f'{{"error":true,"reason":"{secret} at db-7"}}')
    query = _query(provider, "city")
    assert_provider_problem(client.get(path, params=query), 502, secret)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("mode", ["malformed", "shape"])
@pytest.mark.parametrize("route", ["search", "forecast"])
def test_a_malformed_answer_is_a_502(
    client: httpx.Client, provider: Provider, path: str, mode: str, route: str
) -> None:
    provider.mode(route, mode)
    assert_provider_problem(client.get(path, params=_query(provider, "city")), 502)


@pytest.mark.parametrize("path", PATHS)
def test_a_failing_forecast_by_coordinates_is_a_502(client: httpx.Client, provider: Provider, path: str) -> None:
    provider.mode("forecast", "error", status=500, body="<html>Internal Server Error trace-41</html>")
    assert_provider_problem(client.get(path, params=_query(provider, "coordinates")), 502, "trace-41")


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("route", "by"), [("search", "city"), ("forecast", "city"), ("forecast", "coordinates")])
def test_a_provider_slower_than_the_timeout_is_a_504_in_time(
    client: httpx.Client, provider: Provider, path: str, route: str, by: str
) -> None:
    query = _query(provider, by)
    provider.mode(route, "slow", delay=UPSTREAM_TIMEOUT + 3)
    started = time.monotonic()
    response = client.get(path, params=query)
    took = time.monotonic() - started
    assert_provider_problem(response, 504)
    assert took < UPSTREAM_TIMEOUT + 2, f"the 504 took {took:.1f}s with UPSTREAM_TIMEOUT_SECONDS={UPSTREAM_TIMEOUT:g}"


def test_an_error_is_not_cached(client: httpx.Client, provider: Provider) -> None:
    query = _query(provider, "coordinates")
    provider.mode("forecast", "error", times=1)
    assert_provider_problem(client.get("/weather/current", params=query), 502)
    response = client.get("/weather/current", params=query)
    assert response.status_code == 200, response.text
    assert response.headers.get("x-cache") == "MISS"
