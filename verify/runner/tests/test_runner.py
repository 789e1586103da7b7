"""The scheduler, the cells' environment, where folio is found, and the time summary."""

import json
import unittest
from pathlib import Path

from .. import schedule
from ..cellenv import cell_env
from ..cli import folio_executable
from ..report import FAIL, OK, SKIP, Cell, Row, combination_seconds, time_summary
from .support import combination, fake_tools, temporary_directory


class Schedule(unittest.TestCase):
    def test_longest_first_from_history_then_guesses(self) -> None:
        a, b, c = (
            combination("sqlite", stack="python"),
            combination("postgres", stack="typescript"),
            combination("sqlite", project="chat"),
        )
        order = schedule.longest_first([a, b, c], {a.id: 10.0})
        self.assertEqual(order, [c, b, a])  # Python's guess, TypeScript+PostgreSQL's, then the 10 s measured
        self.assertEqual(schedule.longest_first([a, b, c], {}), [a, c, b])  # ties keep the catalog order

    def test_history_round_trip_merges(self) -> None:
        with temporary_directory() as tmp:
            cache = Path(tmp)
            schedule.save_history(cache, {"x/python/sqlite": 12.34})
            schedule.save_history(cache, {"y/go/postgres": 5.0})
            self.assertEqual(schedule.load_history(cache), {"x/python/sqlite": 12.3, "y/go/postgres": 5.0})
            (cache / schedule.HISTORY_FILE).write_text("not json")
            self.assertEqual(schedule.load_history(cache), {})


class CellEnvironment(unittest.TestCase):
    def test_pinned_tools_come_first_and_caches_are_shared(self) -> None:
        tools = fake_tools(Path("/cache"))
        base = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://prod", "GOFLAGS": "-mod=mod", "HOME": "/root"}
        env = cell_env(tools, {"PORT": "1234"}, base=base)
        entries = env["PATH"].split(":")
        self.assertEqual(entries[:2], ["/cache/node", "/cache/venv/cell-bin"])
        self.assertEqual(entries[-2:], ["/usr/bin", "/bin"])
        self.assertNotIn("DATABASE_URL", env)
        self.assertNotIn("GOFLAGS", env)
        self.assertEqual(env["PORT"], "1234")
        self.assertEqual(env["HOME"], "/root")
        self.assertEqual(env["UV_CACHE_DIR"], "/cache/uv")
        self.assertEqual(env["npm_config_cache"], "/cache/npm")
        self.assertEqual(env["GOMODCACHE"], "/cache/go/pkg/mod")
        self.assertEqual(env["GOCACHE"], "/cache/go/build")
        self.assertEqual(env["GOTOOLCHAIN"], "local")
        self.assertEqual(env["UV_PYTHON_DOWNLOADS"], "never")


class FolioExecutable(unittest.TestCase):
    def test_the_binary_cargo_reports_wherever_the_target_dir_is(self) -> None:
        lines = [
            "   Compiling folio v0.1.0",
            json.dumps(
                {"reason": "compiler-artifact", "target": {"name": "serde", "kind": ["lib"]}, "executable": None}
            ),
            json.dumps(
                {
                    "reason": "compiler-artifact",
                    "target": {"name": "build-script-build", "kind": ["custom-build"]},
                    "executable": "/t/release/build/x/build-script-build",
                }
            ),
            json.dumps(
                {
                    "reason": "compiler-artifact",
                    "target": {"name": "folio", "kind": ["bin"]},
                    "executable": "/elsewhere/target/release/folio",
                }
            ),
            json.dumps({"reason": "build-finished", "success": True}),
        ]
        self.assertEqual(folio_executable("\n".join(lines)), Path("/elsewhere/target/release/folio"))
        self.assertIsNone(folio_executable("error: could not compile\n{not json"))


class TimeSummary(unittest.TestCase):
    def test_totals_per_check_and_the_slowest_cells(self) -> None:
        rows = [
            Row("a/python/sqlite", None, {"install": Cell(OK, 30.0), "test": Cell(FAIL, 90.0), "lint": Cell(SKIP)}),
            Row("b/go/postgres", None, {"install": Cell(OK, 70.0), "test": Cell(OK, 10.0)}),
        ]
        text = time_summary(rows, slowest=2)
        self.assertIn("install         1m40s     50s  1m10s b/go/postgres", text)
        self.assertIn("test            1m40s     50s  1m30s a/python/sqlite", text)
        self.assertNotIn("lint ", text)
        self.assertTrue(text.endswith("1m10s  b/go/postgres install (ok)"))
        self.assertEqual(combination_seconds(rows), {})  # neither row has every check yet


if __name__ == "__main__":
    unittest.main()
