"""What a whole CombinationRun hands its commands: a weather-api cell's `make test` reaches
the fake Open-Meteo in its own namespace, and Redis only in the cache=redis variant."""

import json
import shutil
import sys
import unittest
from pathlib import Path

from .. import catalog, services
from ..report import OK
from ..services import RunServices
from .support import ROOT, combination_run, temporary_directory

# Stands in for folio: `folio new weather-api … --output DIR` makes a repository whose
# `make test` records what it was given and asks the fake for a city, as a project's tests would.
FOLIO = """\
#!/bin/sh
while [ "$#" -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done
mkdir -p "$out"
cat > "$out/Makefile" <<'MAKE'
install lint:
\t@true
test:
\t@{python} -c 'import json, os, urllib.request; \\
\turl = os.environ["GEOCODING_API_URL"] + "/v1/search?name=Tokyo&count=1"; \\
\tfound = json.load(urllib.request.urlopen(url))["results"][0]["name"]; \\
\tkeys = ("GEOCODING_API_URL", "WEATHER_API_URL", "REDIS_URL", "FOLIO_REDIS_GATE"); \\
\tjson.dump({{"found": found, **{{k: os.environ.get(k) for k in keys}}}}, open("seen.json", "w"))'
run:
\t@exit 3
MAKE
"""

CATALOG = """\
[[options]]
id = "cache"
values = [{ id = "memory" }, { id = "redis" }]

[[projects]]
id = "weather-api"
stacks = ["python"]
options = { cache = "memory" }
services = ["open-meteo"]
"""


class WeatherCells(unittest.TestCase):
    def test_each_variant_s_commands_get_the_fake_and_only_redis_gets_redis(self) -> None:
        with temporary_directory() as tmp:
            work = Path(tmp)
            (work / "catalog.toml").write_text(CATALOG)
            combinations = catalog.load(work / "catalog.toml")
            if not shutil.which("redis-server"):
                combinations = [c for c in combinations if c.variant != "redis"]
            folio = work / "folio"
            folio.write_text(FOLIO.format(python=sys.executable))
            folio.chmod(0o755)
            # The repository's services.toml names the repository's projects; this catalog is a subset.
            projects = {
                **catalog.project_services(ROOT / "catalog.toml"),
                **catalog.project_services(work / "catalog.toml"),
            }
            declared = services.load(ROOT / "verify" / "services.toml", projects)
            run_services = RunServices(declared)
            try:
                run_services.start(combinations, Path(sys.executable), work / "logs")
                fake = run_services.fakes["open-meteo"].url
                for combo in combinations:
                    with self.subTest(combination=combo.id):
                        run = combination_run(work, combo, services=run_services, folio=folio)
                        row = run.run()
                        self.assertEqual((row.cells["generate"].status, row.cells["test"].status), (OK, OK), row.cells)
                        seen = json.loads((run.repo / "seen.json").read_text())
                        self.assertEqual(seen["found"], "Tokyo")
                        self.assertEqual(seen["GEOCODING_API_URL"], f"{fake}/{combo.slug}/geocoding")
                        self.assertEqual(seen["WEATHER_API_URL"], f"{fake}/{combo.slug}/forecast")
                        self.assertEqual(seen["REDIS_URL"] is not None, combo.variant == "redis", seen)
                        self.assertEqual(seen["FOLIO_REDIS_GATE"] is not None, combo.variant == "redis", seen)
                        self.assertIn("server", row.cells["contract"].detail)  # `make run` exits: no server
            finally:
                run_services.stop()


if __name__ == "__main__":
    unittest.main()
