"""GET /weather/current and /weather/forecast, by city and by coordinates: the
answers' shapes, the provider's data carried over, WMO descriptions, 404s."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from support import (
    WMO,
    Provider,
    assert_current,
    assert_forecast,
    assert_json,
    assert_location,
    assert_problem,
    observed_at,
    unique_city,
    unique_coordinates,
    x_cache,
)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def test_current_by_city_carries_the_provider_s_data(client: httpx.Client, provider: Provider) -> None:
    name = unique_city("Zürich")
    place = provider.place(name, "Schweiz", code=3, temperature=-4.5)
    response = client.get("/weather/current", params={"city": name})
    body = assert_current(assert_json(response, 200))
    assert x_cache(response) == "MISS"
    assert body["cached"] is False
    assert_location(body["location"], name, "Schweiz", place["latitude"], place["longitude"])
    data = provider.forecast_data(place["latitude"], place["longitude"])["current"]
    current = body["current"]
    assert _close(current["temperatureC"], -4.5), current
    assert _close(current["windSpeedKmh"], data["wind_speed_10m"]), (current, data)
    assert (current["weatherCode"], current["description"]) == (3, "Overcast"), current
    earlier = (datetime.strptime(data["time"], "%Y-%m-%dT%H:%M") - timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    assert current["observedAt"] in (observed_at(data["time"]), observed_at(earlier)), (
        f"observedAt {current['observedAt']} is not the provider's current.time {data['time']} (UTC)"
    )


def test_current_by_coordinates_has_no_name_or_country(client: httpx.Client, provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    response = client.get("/weather/current", params={"lat": latitude, "lon": longitude})
    body = assert_current(assert_json(response, 200))
    assert x_cache(response) == "MISS"
    assert_location(body["location"], None, None, latitude, longitude)
    data = provider.forecast_data(latitude, longitude)["current"]
    assert _close(body["current"]["temperatureC"], data["temperature_2m"]), (body["current"], data)
    assert body["current"]["weatherCode"] == data["weather_code"], (body["current"], data)
    assert provider.counts() == (0, 2), "coordinates need no geocoding call (and one forecast call, plus ours)"


def test_forecast_by_city_defaults_to_three_days(client: httpx.Client, provider: Provider) -> None:
    name = unique_city("Kraków")
    place = provider.place(name, "Polska", daily=[61, 0, 3, 2, 45, 71, 95])
    body = assert_forecast(assert_json(client.get("/weather/forecast", params={"city": name}), 200), 3)
    assert_location(body["location"], name, "Polska", place["latitude"], place["longitude"])
    data = provider.forecast_data(place["latitude"], place["longitude"])["daily"]
    today = datetime.now(UTC).date()
    assert body["days"][0]["date"] in (today.isoformat(), (today - timedelta(days=1)).isoformat()), body["days"][0]
    for index, day in enumerate(body["days"]):
        assert day["date"] == data["time"][index], (day, data["time"])
        assert _close(day["minC"], data["temperature_2m_min"][index]), (day, data)
        assert _close(day["maxC"], data["temperature_2m_max"][index]), (day, data)
        assert _close(day["precipitationMm"], data["precipitation_sum"][index]), (day, data)
    assert [(d["weatherCode"], d["description"]) for d in body["days"]] == [
        (61, "Slight rain"),
        (0, "Clear sky"),
        (3, "Overcast"),
    ]


@pytest.mark.parametrize("days", [1, 7])
def test_forecast_by_coordinates_for_one_to_seven_days(client: httpx.Client, days: int) -> None:
    latitude, longitude = unique_coordinates()
    response = client.get("/weather/forecast", params={"lat": latitude, "lon": longitude, "days": days})
    body = assert_forecast(assert_json(response, 200), days)
    assert_location(body["location"], None, None, latitude, longitude)


def test_the_built_in_cities_keep_their_names(client: httpx.Client) -> None:
    body = assert_current(assert_json(client.get("/weather/current", params={"city": "São Paulo"}), 200))
    assert_location(body["location"], "São Paulo", "Brazil", -23.5475, -46.63611)
    assert (body["current"]["weatherCode"], body["current"]["description"]) == (61, "Slight rain")


@pytest.mark.parametrize(("code", "description"), [*WMO.items(), (42, "Unknown"), (7, "Unknown")])
def test_wmo_descriptions(client: httpx.Client, provider: Provider, code: int, description: str) -> None:
    name = unique_city("Reykjavík")
    provider.place(name, "Ísland", code=code, daily=[code])
    current = assert_current(assert_json(client.get("/weather/current", params={"city": name}), 200))["current"]
    assert (current["weatherCode"], current["description"]) == (code, description)
    days = assert_forecast(assert_json(client.get("/weather/forecast", params={"city": name, "days": 2}), 200), 2)
    assert [(d["weatherCode"], d["description"]) for d in days["days"]] == [(code, description)] * 2


@pytest.mark.parametrize("path", ["/weather/current", "/weather/forecast"])
def test_an_unknown_city_is_a_404(client: httpx.Client, provider: Provider, path: str) -> None:
    assert_problem(client.get(path, params={"city": unique_city("Atlantis")}), 404)
    assert provider.counts() == (1, 0), "a city the provider does not know needs no forecast call"


@pytest.mark.parametrize("path", ["/weather/current", "/weather/forecast"])
def test_an_empty_result_list_is_an_unknown_city_too(client: httpx.Client, provider: Provider, path: str) -> None:
    name = unique_city()
    provider.place(name)
    provider.mode("search", "unknown-city", times=1)  # {"results": []}
    assert_problem(client.get(path, params={"city": name}), 404)
