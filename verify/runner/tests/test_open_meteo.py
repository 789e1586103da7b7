"""verify/fakes/open_meteo.py, started for real as the runner starts it: the provider's
two calls, its deterministic data, and the control API, namespace by namespace."""

import json
import sys
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from ..services import Fake, FakeServer
from .support import ROOT, temporary_directory

SCRIPT = ROOT / "verify" / "fakes" / "open_meteo.py"
FULL = {
    "current": "temperature_2m,wind_speed_10m,weather_code",
    "daily": "temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code",
    "timezone": "UTC",
}


class OpenMeteoFake(unittest.TestCase):
    server: FakeServer
    _tmp: Any

    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = temporary_directory()
        fake = Fake("open-meteo", SCRIPT, (("GEOCODING_API_URL", "geocoding"), ("WEATHER_API_URL", "forecast")))
        cls.server = FakeServer(fake, Path(sys.executable), Path(cls._tmp.name))
        cls.server.start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        cls._tmp.cleanup()

    def call(self, path: str, body: Any = None, **query: Any) -> tuple[int, bytes]:
        url = f"{self.server.url}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, path: str, body: Any = None, status: int = 200, **query: Any) -> Any:
        code, raw = self.call(path, body, **query)
        self.assertEqual(code, status, raw)
        return json.loads(raw)

    def search(self, ns: str, name: str, status: int = 200) -> Any:
        return self.json(f"/{ns}/geocoding/v1/search", status=status, name=name, count=1)

    def forecast(self, ns: str, status: int = 200, **query: Any) -> Any:
        return self.json(f"/{ns}/forecast/v1/forecast", status=status, **query)

    def test_health(self) -> None:
        self.assertEqual(self.json("/healthz"), {"status": "ok"})

    def test_search_finds_cities_without_regard_to_case_and_space(self) -> None:
        expected = {"name": "São Paulo", "country": "Brazil", "latitude": -23.5475, "longitude": -46.63611}
        for name in ("São Paulo", "  SÃO PAULO ", "são paulo"):
            self.assertEqual(self.search("s1", name), {"results": [expected]})
        self.assertEqual(self.search("s1", "Zürich")["results"][0]["country"], "Switzerland")
        self.assertEqual(self.search("s1", "Atlantis"), {})  # no `results` key, like Open-Meteo
        self.assertIn("missing", self.json("/s1/geocoding/v1/search", status=400)["reason"])

    def test_forecast_answers_only_what_was_asked_deterministically(self) -> None:
        body = self.forecast("f1", latitude=47.37, longitude=8.55, forecast_days=3, **FULL)
        self.assertEqual(set(body), {"current", "daily"})
        self.assertEqual(set(body["current"]), {"time", "temperature_2m", "wind_speed_10m", "weather_code"})
        self.assertRegex(body["current"]["time"], r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
        self.assertEqual(body["current"]["weather_code"], 3)  # Zürich's
        self.assertEqual(body["daily"]["weather_code"], [3, 61, 0])
        self.assertEqual({len(v) for v in body["daily"].values()}, {3})
        again = self.forecast("f1", latitude=47.3712, longitude=8.5478, forecast_days=3, **FULL)
        self.assertEqual(again, body)  # the same grid cell to 2 decimals, the same data
        only = self.forecast("f1", latitude=-10.5, longitude=20.25, current="weather_code")
        self.assertEqual(set(only), {"current"})
        self.assertEqual(set(only["current"]), {"time", "weather_code"})
        self.assertEqual(len(self.forecast("f1", latitude=1, longitude=2, daily="weather_code")["daily"]["time"]), 7)
        for query in (
            {"latitude": 91, "longitude": 0},
            {"latitude": "x", "longitude": 0},
            {"longitude": 0},
            {"latitude": 0, "longitude": 0, "current": "humidity"},
            {"latitude": 0, "longitude": 0, "forecast_days": 17},
        ):
            with self.subTest(query=query):
                self.assertTrue(self.forecast("f1", status=400, **query)["error"])

    def test_a_call_to_the_other_api_s_url_is_a_404_counted_as_other(self) -> None:
        self.assertEqual(self.call("/o1/geocoding/v1/forecast", latitude=1, longitude=1)[0], 404)
        self.assertEqual(self.call("/o1/forecast/v1/search", name="Tokyo")[0], 404)
        self.assertEqual(self.call("/v1/search", name="Tokyo")[0], 404)  # no namespace
        calls = self.json("/o1/__fake/calls")
        self.assertEqual((calls["search"], calls["forecast"], calls["other"]), (0, 0, 2))

    def test_counters_are_per_namespace_and_reset(self) -> None:
        self.search("c1", "Tokyo")
        self.search("c1", "Tokyo")
        self.forecast("c1", latitude=1, longitude=2, current="weather_code")
        self.search("c2", "Tokyo")
        calls = self.json("/c1/forecast/__fake/calls")  # the control API under either URL
        self.assertEqual((calls["search"], calls["forecast"]), (2, 1))
        self.assertEqual(calls["last"]["search"], {"query": {"name": "Tokyo", "count": "1"}, "status": 200})
        self.assertEqual(self.json("/c2/geocoding/__fake/calls")["search"], 1)
        self.json("/c1/__fake/reset", {})
        calls = self.json("/c1/__fake/calls")
        self.assertEqual((calls["search"], calls["forecast"], calls["last"]), (0, 0, {}))
        self.assertEqual(self.json("/c2/__fake/calls")["search"], 1)

    def test_modes_for_the_next_n_calls_or_until_reset(self) -> None:
        self.json("/m1/__fake/mode", {"route": "forecast", "mode": "error", "times": 2, "status": 500, "body": "boom"})
        for _ in range(2):
            self.assertEqual(self.call("/m1/forecast/v1/forecast", latitude=1, longitude=1), (500, b"boom"))
        self.assertEqual(self.call("/m1/forecast/v1/forecast", latitude=1, longitude=1)[0], 200)
        self.assertEqual(self.search("m2", "Tokyo")["results"][0]["name"], "Tokyo")  # m2 untouched

        self.json("/m1/__fake/mode", {"route": "all", "mode": "malformed"})
        for _ in range(2):
            code, raw = self.call("/m1/geocoding/v1/search", name="Tokyo")
            self.assertEqual(code, 200)
            with self.assertRaises(ValueError):
                json.loads(raw)
        self.json("/m1/__fake/mode", {"route": "all", "mode": "shape"})
        self.assertIsInstance(self.search("m1", "Tokyo")["results"][0]["latitude"], str)
        self.assertIsInstance(self.forecast("m1", latitude=1, longitude=1)["daily"]["time"], str)
        self.json("/m1/__fake/mode", {"route": "search", "mode": "unknown-city"})
        self.assertEqual(self.search("m1", "Tokyo"), {"results": []})
        self.json("/m1/__fake/mode", {"route": "search", "mode": "normal"})
        self.assertEqual(len(self.search("m1", "Tokyo")["results"]), 1)

        self.json("/m1/__fake/mode", {"route": "search", "mode": "slow", "delay": 0.6, "times": 1})
        started = time.monotonic()
        self.search("m1", "Tokyo")
        self.assertGreaterEqual(time.monotonic() - started, 0.6)
        started = time.monotonic()
        self.search("m1", "Tokyo")
        self.assertLess(time.monotonic() - started, 0.5)

        self.json("/m1/__fake/mode", {"route": "forecast", "mode": "error"})
        self.json("/m1/__fake/reset", {})
        self.assertEqual(self.call("/m1/forecast/v1/forecast", latitude=1, longitude=1)[0], 200)
        for bad in ({"route": "x", "mode": "slow"}, {"route": "forecast", "mode": "unknown-city"}, {"route": "all"}):
            with self.subTest(bad=bad):
                self.json("/m1/__fake/mode", bad, status=400)

    def test_places_a_suite_adds(self) -> None:
        place = {"name": "Ærøskøbing-7", "country": "Danmark", "latitude": 54.89, "longitude": 10.41}
        self.json("/p1/__fake/places", {**place, "weatherCode": 42, "dailyCodes": [61, 0], "temperatureC": -3.5}, 201)
        self.assertEqual(self.search("p1", "  ÆRØSKØBING-7 "), {"results": [place]})
        self.assertEqual(self.search("p2", "Ærøskøbing-7"), {})
        body = self.forecast("p1", latitude=54.8912, longitude=10.4088, forecast_days=3, **FULL)
        self.assertEqual((body["current"]["weather_code"], body["current"]["temperature_2m"]), (42, -3.5))
        self.assertEqual(body["daily"]["weather_code"], [61, 0, 61])
        self.json("/p1/__fake/places", {"name": "no coordinates"}, 400)


if __name__ == "__main__":
    unittest.main()
