"""The services of catalog.toml and verify/services.toml are read strictly, and the services it names start once and hand each
combination what it needs."""

import json
import shutil
import sys
import textwrap
import unittest
import urllib.request
from pathlib import Path

from .. import catalog, services
from ..catalog import Combination
from ..services import Declarations, Needs, Redis, RunServices, ServiceError
from .support import ROOT, combination, temporary_directory

FAKE = """\
import http.server, os

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok" if self.path == "/healthz" else b"sunny"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

http.server.HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
"""


class Loading(unittest.TestCase):
    def load(self, text: str, projects: dict[str, tuple[str, ...]] | None = None) -> Declarations:
        if projects is None:
            projects = {"weather-api": ("redis", "weather"), "todo-api": ()}
        with temporary_directory() as tmp:
            path = Path(tmp) / "services.toml"
            path.write_text(textwrap.dedent(text))
            (Path(tmp) / "fakes").mkdir()
            (Path(tmp) / "fakes" / "weather.py").write_text(FAKE)
            return services.load(path, projects)

    def test_the_repository_s_file_loads(self) -> None:
        from .. import catalog

        services.load(ROOT / "verify" / "services.toml", catalog.project_services(ROOT / "catalog.toml"))

    def test_needs_and_tools(self) -> None:
        declared = self.load("""\
            [projects.weather-api]
            tools = ["newman"]
            [fakes.weather]
            script = "fakes/weather.py"
            env = "WEATHER_PROVIDER_URL"
        """)
        self.assertEqual(declared.of("weather-api"), Needs(redis=True, fakes=("weather",), tools=("newman",)))
        self.assertEqual(declared.of("todo-api"), Needs())

    def test_a_fake_s_variables_a_name_a_list_or_a_table_of_paths(self) -> None:
        for env, paths in {
            '"WEATHER_URL"': (("WEATHER_URL", ""),),
            '["GEO_URL", "WEATHER_URL"]': (("GEO_URL", ""), ("WEATHER_URL", "")),
            '{ GEO_URL = "geocoding", WEATHER_URL = "v2/forecast" }': (
                ("GEO_URL", "geocoding"),
                ("WEATHER_URL", "v2/forecast"),
            ),
        }.items():
            with self.subTest(env=env):
                declared = self.load(f'[fakes.weather]\nscript = "fakes/weather.py"\nenv = {env}\n')
                self.assertEqual(declared.fakes["weather"].env, paths)
        fake = services.Fake("weather", Path("x.py"), (("GEO_URL", "geocoding"), ("PLAIN_URL", "")))
        self.assertEqual(
            fake.urls("http://127.0.0.1:9", "weather-api-go-redis"),
            {
                "GEO_URL": "http://127.0.0.1:9/weather-api-go-redis/geocoding",
                "PLAIN_URL": "http://127.0.0.1:9/weather-api-go-redis",
            },
        )
        for env in ('{ GEO_URL = "/abs" }', '{ GEO_URL = "a//b" }', "{ GEO_URL = 1 }", "[]", '{ "1X" = "a" }'):
            with self.subTest(env=env), self.assertRaises(ServiceError) as raised:
                self.load(f'[fakes.weather]\nscript = "fakes/weather.py"\nenv = {env}\n')
            self.assertIn("env must name one variable", str(raised.exception))

    def test_a_variant_s_services_join_the_project_s(self) -> None:
        declared = self.load(
            """\
            [fakes.weather]
            script = "fakes/weather.py"
            env = "WEATHER_URL"
        """,
            {"weather-api": ("weather",)},
        )
        self.assertEqual(declared.of("weather-api"), Needs(fakes=("weather",)))
        self.assertEqual(declared.of("weather-api", ("redis",)), Needs(redis=True, fakes=("weather",)))
        self.assertEqual(declared.of("todo-api", ("redis",)), Needs(redis=True))

    def test_mistakes_are_refused_with_the_key(self) -> None:
        for services_of, message in {
            ("postgres",): "PostgreSQL comes with the db option",
            ("weather",): "`weather` is neither redis nor a fake (declare [fakes.weather]",
        }.items():
            with self.subTest(services=services_of), self.assertRaises(ServiceError) as raised:
                self.load("", {"weather-api": services_of})
            self.assertIn(message, str(raised.exception))
        cases = {
            '[projects.nope]\ntools = ["newman"]\n': "[projects.nope] is not a project of catalog.toml",
            '[projects.weather-api]\nneeds = ["redis"]\n': "a project's services are declared in catalog.toml",
            '[projects.weather-api]\ntools = ["curl"]\n': "tool `curl` is not one of newman",
            '[fakes.weather]\nscript = "fakes/missing.py"\nenv = "X"\n': "does not exist",
            "[service]\n": "unknown table(s) service",
        }
        for text, message in cases.items():
            with self.subTest(text=text), self.assertRaises(ServiceError) as raised:
                self.load(text)
            self.assertIn(message, str(raised.exception))


@unittest.skipUnless(shutil.which("redis-server"), "needs redis-server")
class RedisServer(unittest.TestCase):
    def test_each_combination_gets_its_own_database_and_it_is_flushed_after(self) -> None:
        redis = Redis()
        try:
            redis.start()
            first, second = redis.url_for("a/python/sqlite"), redis.url_for("b/go/postgres")
            self.assertEqual(first, f"redis://127.0.0.1:{redis.port}/0")
            self.assertEqual(second, f"redis://127.0.0.1:{redis.port}/1")
            self.assertEqual(redis.url_for("a/python/sqlite"), first)
            redis.command("SET", "k", "v", database=0)
            redis.command("SET", "k", "v", database=1)
            redis.flush("a/python/sqlite")
            self.assertEqual(redis.command("EXISTS", "k", database=0), b":0")
            self.assertEqual(redis.command("EXISTS", "k", database=1), b":1")
        finally:
            redis.stop()
        with self.assertRaises(OSError):
            redis.command("PING")


class Fakes(unittest.TestCase):
    def test_a_fake_starts_once_and_its_url_reaches_the_cells(self) -> None:
        weather = combination("memory", project="weather-api", option="cache")
        todo = combination("sqlite")
        with temporary_directory() as tmp:
            script = Path(tmp) / "weather.py"
            script.write_text(FAKE)
            paths = (("GEOCODING_API_URL", ""), ("WEATHER_API_URL", ""))
            declared = Declarations(
                projects={"weather-api": Needs(fakes=("weather",))},
                fakes={"weather": services.Fake("weather", script, paths)},
            )
            run = RunServices(declared)
            try:
                started = run.start([weather, todo], Path(sys.executable), Path(tmp))
                self.assertEqual(len(started), 1)
                env = run.env_for(weather)
                self.assertEqual(env["GEOCODING_API_URL"], env["WEATHER_API_URL"])
                self.assertTrue(env["WEATHER_API_URL"].endswith("/weather-api-python-memory"), env)
                with urllib.request.urlopen(env["WEATHER_API_URL"] + "/v1/forecast") as response:
                    self.assertEqual(response.read(), b"sunny")
                self.assertEqual(run.env_for(todo), {})
            finally:
                run.stop()

    def test_the_repository_s_open_meteo_fake_starts_and_each_cell_gets_its_own_namespace(self) -> None:
        declared = services.load(ROOT / "verify" / "services.toml", catalog.project_services(ROOT / "catalog.toml"))
        memory = combination("memory", project="weather-api", option="cache")
        redis = combination("redis", project="weather-api", stack="go", option="cache")
        with temporary_directory() as tmp:
            run = RunServices(declared)
            try:
                self.assertEqual(len(run.start([memory, redis], Path(sys.executable), Path(tmp))), 1)
                first, second = run.env_for(memory), run.env_for(redis)
                base = run.fakes["open-meteo"].url
                self.assertEqual(first["GEOCODING_API_URL"], f"{base}/weather-api-python-memory/geocoding")
                self.assertEqual(first["WEATHER_API_URL"], f"{base}/weather-api-python-memory/forecast")
                self.assertEqual(second["WEATHER_API_URL"], f"{base}/weather-api-go-redis/forecast")
                url = first["GEOCODING_API_URL"] + "/v1/search?name=Z%C3%BCrich&count=1"
                with urllib.request.urlopen(url) as response:
                    self.assertEqual(json.load(response)["results"][0]["name"], "Zürich")
                for env, calls in ((first, 1), (second, 0)):
                    with urllib.request.urlopen(env["WEATHER_API_URL"] + "/__fake/calls") as response:
                        self.assertEqual(json.load(response)["search"], calls)
            finally:
                run.stop()

    def test_a_service_that_is_not_running_is_named(self) -> None:
        run = RunServices(Declarations(projects={"weather-api": Needs(redis=True)}))
        run.errors["redis"] = "redis-server is not installed"
        with self.assertRaises(ServiceError) as raised:
            run.env_for(combination("memory", project="weather-api", option="cache"))
        self.assertIn("redis-server is not installed", str(raised.exception))

    def test_only_the_variant_that_needs_redis_asks_for_it(self) -> None:
        run = RunServices(Declarations())
        run.errors["redis"] = "redis-server is not installed"
        memory = combination("memory", project="weather-api", option="cache")
        self.assertEqual(run.env_for(memory), {})
        redis = Combination("weather-api", "python", "redis", "github", (), option="cache", services=("redis",))
        with self.assertRaises(ServiceError) as raised:
            run.env_for(redis)
        self.assertIn("Redis is not running", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
