"""The collection column: a project's public test collection run by newman against its server."""

import dataclasses
import json
import sys
import unittest
from pathlib import Path

from ..report import FAIL, OK, SKIP
from ..steps import collection_globals, newman_command
from .support import combination, combination_run, temporary_directory

# `make run` of the stand-in repository: a server that answers /healthz on $PORT.
SERVER = """\
import http.server, os
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b'{"status":"ok"}')
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"""

# Stands in for newman: records its arguments, fails when the collection says so.
NEWMAN = """\
#!{python}
import json, sys
json.dump(sys.argv[1:], open({record!r}, "w"))
sys.exit(1 if "failing" in open(sys.argv[2]).read() else 0)
"""


class Globals(unittest.TestCase):
    def test_base_and_unique_are_filled_in(self) -> None:
        template = {"APIURL": "{base}/api", "USERNAME": "u{unique}", "EMAIL": "u{unique}@mail.com", "PASSWORD": "pw"}
        self.assertEqual(
            collection_globals(template, "http://127.0.0.1:5000", unique="abc"),
            {"APIURL": "http://127.0.0.1:5000/api", "USERNAME": "uabc", "EMAIL": "uabc@mail.com", "PASSWORD": "pw"},
        )

    def test_two_runs_get_different_users(self) -> None:
        first = collection_globals({"USERNAME": "u{unique}"}, "http://x")
        second = collection_globals({"USERNAME": "u{unique}"}, "http://x")
        self.assertNotEqual(first, second)

    def test_the_command_passes_each_global(self) -> None:
        command = newman_command(Path("/bin/newman"), Path("/c.json"), {"APIURL": "http://x/api", "PASSWORD": "pw"})
        self.assertEqual(command[:3], ["/bin/newman", "run", "/c.json"])
        self.assertEqual(command[-4:], ["--global-var", "APIURL=http://x/api", "--global-var", "PASSWORD=pw"])


class Column(unittest.TestCase):
    def _run(self, work: Path, collection: str | None, newman: bool = True):
        run = combination_run(work, combination("sqlite", project="blog-api"))
        run.contracts = work / "contracts"
        run.contracts.mkdir()
        (run.contracts / "server.env").write_text("AUTH_RATE_LIMIT_PER_MINUTE=1000\n")
        if collection is not None:
            (run.contracts / "collection").mkdir()
            (run.contracts / "collection" / "collection.json").write_text(collection)
            (run.contracts / "collection" / "globals.env").write_text("APIURL={base}/api\nUSERNAME=u{unique}\n")
        run.repo.mkdir(parents=True)
        (run.repo / "server.py").write_text(SERVER)
        (run.repo / "Makefile").write_text(f"run:\n\t@{sys.executable} server.py\n")
        if newman:
            bin_dir = work / "newman-bin"
            bin_dir.mkdir()
            (bin_dir / "newman").write_text(NEWMAN.format(python=sys.executable, record=str(work / "args.json")))
            (bin_dir / "newman").chmod(0o755)
            run.ctx.tools = dataclasses.replace(run.ctx.tools, newman=bin_dir)
        try:
            return run._collection(), run
        finally:
            run._stop_server()

    def test_a_project_without_a_collection_is_skipped(self) -> None:
        with temporary_directory() as tmp:
            cell, _ = self._run(Path(tmp), None)
            self.assertEqual(cell.status, SKIP)

    def test_a_collection_without_newman_declared_fails_saying_what_to_add(self) -> None:
        with temporary_directory() as tmp:
            cell, _ = self._run(Path(tmp), "{}", newman=False)
            self.assertEqual(cell.status, FAIL)
            self.assertIn('tools = ["newman"]', cell.detail)

    def test_newman_runs_against_the_server_and_its_verdict_is_the_cell_s(self) -> None:
        with temporary_directory() as tmp:
            work = Path(tmp)
            cell, run = self._run(work, '{"item": []}')
            self.assertEqual(cell.status, OK, cell.detail)
            args = json.loads((work / "args.json").read_text())
            self.assertEqual(args[:2], ["run", str(run.contracts / "collection" / "collection.json")])
            apiurl = next(a for a in args if a.startswith("APIURL="))
            self.assertRegex(apiurl, r"^APIURL=http://127\.0\.0\.1:\d+/api$")
        with temporary_directory() as tmp:
            cell, _ = self._run(Path(tmp), '{"failing": true}')
            self.assertEqual(cell.status, FAIL)


if __name__ == "__main__":
    unittest.main()
