"""The checks of one combination, in order: generate, install, lint, test, the
test-database guard, then the server under the contract suite, the project's
public test collection (newman) and schemathesis, then hadolint and actionlint. A check whose precondition failed
is skipped, never run blind."""

import os
import re
import secrets
import subprocess
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import guard, report
from .catalog import Combination
from .cellenv import cell_env
from .postgres import Cluster
from .processes import Cancelled, Processes, free_port, wait_for_http
from .report import FAIL, OK, SKIP, Cell, Row
from .services import RunServices, ServiceError
from .tools import Tools

# Seconds each check may take before it is stopped and failed.
TIMEOUTS = {
    "generate": 120,
    "install": 1200,
    "lint": 600,
    "test": 1200,
    "testdb-guard": 600,
    "contract": 600,
    "collection": 300,
    "schemathesis": 900,
    "hadolint": 120,
    "actionlint": 120,
}
SERVER_START_TIMEOUT = 90
SERVER_LOG_LINES = 15


@dataclass
class Context:
    root: Path
    folio: Path
    tools: Tools
    processes: Processes
    work: Path
    postgres: Cluster | None
    postgres_error: str | None
    services: RunServices
    history: dict[str, float]  # seconds each combination took last time (runner/schedule.py)
    max_examples: int
    seed: int


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and `#` comments ignored; no quoting, no expansion."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key.strip()):
            raise ValueError(f"{path}:{number}: expected KEY=VALUE, got `{line}`")
        values[key.strip()] = value.strip()
    return values


def _slug_db(combination: Combination, purpose: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", f"verify_{combination.slug}_{purpose}".lower())


# A project's public test collection: the collection, and its global variables,
# where `{base}` is the server's URL and `{unique}` a suffix no earlier run used
# (the collection registers users under fixed names otherwise).
COLLECTION_FILE = "collection.json"
GLOBALS_FILE = "globals.env"


def collection_globals(template: dict[str, str], base: str, unique: str | None = None) -> dict[str, str]:
    suffix = unique if unique is not None else secrets.token_hex(5)
    return {name: value.replace("{base}", base).replace("{unique}", suffix) for name, value in template.items()}


def newman_command(newman: Path, collection: Path, globals_: dict[str, str]) -> list[str]:
    """Every request once, no delay (the server is local), every failed assertion reported."""
    command = [str(newman), "run", str(collection), "--color", "off", "--reporters", "cli", "--delay-request", "0"]
    for name, value in globals_.items():
        command += ["--global-var", f"{name}={value}"]
    return command


class CombinationRun:
    def __init__(self, ctx: Context, combination: Combination, announce: Callable[[str, str, Cell], None]):
        self.ctx = ctx
        self.combination = combination
        self.repo = ctx.work / combination.slug
        self.logs = ctx.work / "logs" / combination.slug
        self.logs.mkdir(parents=True, exist_ok=True)
        self.row = Row(combination=combination.id, directory=self.repo)
        self._announce = announce
        self.contracts = ctx.root / "verify" / "contracts" / combination.project
        self._databases: list[str] = []
        self.test_database_url: str | None = None
        self.run_database_url: str | None = None
        self._server: subprocess.Popen[bytes] | None = None
        self._server_log = self.logs / "server.log"
        self._server_env: dict[str, str] = {}
        self._base: str | None = None
        self._sqlite_sentinel: guard.SqliteSentinel | None = None
        self._service_env: dict[str, str] = {}

    # ---- bookkeeping -------------------------------------------------------

    def _record(self, check: str, cell: Cell) -> Cell:
        if cell.status == FAIL and not cell.tail:
            cell.tail = report.tail(cell.log)
        self.row.cells[check] = cell
        self._announce(self.combination.id, check, cell)
        return cell

    def _skip(self, check: str, why: str) -> None:
        self._record(check, Cell(SKIP, detail=why))

    def _ok(self, check: str) -> bool:
        cell = self.row.cells.get(check)
        return cell is not None and cell.status == OK

    def _log(self, check: str) -> Path:
        return self.logs / f"{check}.log"

    def _env(self, **extra: str) -> dict[str, str]:
        """runner/cellenv.py's environment, the services this project declares, then `extra`."""
        return cell_env(self.ctx.tools, {**self._service_env, **extra})

    def _command(self, check: str, command: list[str], cwd: Path, env: dict[str, str], label: str = "") -> Cell:
        """Run `command` as `check`; `label` names it in messages (the whole command line otherwise)."""
        label = label or " ".join(command)
        log = self._log(check)
        started = time.monotonic()
        outcome = self.ctx.processes.run(command, cwd=cwd, env=env, log=log, timeout=TIMEOUTS[check])
        seconds = time.monotonic() - started
        if outcome.ok:
            return Cell(OK, seconds, log=log)
        if outcome.timed_out:
            detail = f"`{label}` timed out after {TIMEOUTS[check]}s"
        else:
            detail = f"`{label}` exited with code {outcome.returncode}"
        return Cell(FAIL, seconds, detail=detail, log=log)

    def _make(self, check: str, target: str, **env: str) -> Cell:
        command = ["make", "--no-print-directory", target]
        return self._command(check, command, self.repo, self._env(**env), label=f"make {target}")

    # ---- the checks --------------------------------------------------------

    def run(self) -> Row:
        try:
            self._verify()
        except Cancelled:
            raise
        except Exception:  # noqa: BLE001 - a bug of the runner fails the check it hit, not the whole run
            check = next((check for check in report.CHECKS if check not in self.row.cells), report.CHECKS[-1])
            lines = traceback.format_exc().splitlines()
            self._record(check, Cell(FAIL, detail=f"the runner failed: {lines[-1]}", tail=lines[-report.TAIL_LINES :]))
            for later in report.CHECKS[report.CHECKS.index(check) + 1 :]:
                self._skip(later, "the runner failed earlier")
        finally:
            self._stop_server()
            self.ctx.services.release(self.combination.id)
            if self.ctx.postgres:
                for name in self._databases:
                    self.ctx.postgres.drop_database(name)
        return self.row

    def _verify(self) -> None:
        try:
            self._service_env = self.ctx.services.env_for(self.combination)
        except ServiceError as error:
            self._record("generate", Cell(FAIL, detail=f"a service it needs is not running: {error}"))
            for check in report.CHECKS[1:]:
                self._skip(check, "a service it needs is not running")
            return
        self._record("generate", self._generate())
        if not self._ok("generate"):
            for check in report.CHECKS[1:]:
                self._skip(check, "not generated")
            return
        self._record("install", self._make("install", "install"))
        if self._ok("install"):
            self._record("lint", self._make("lint", "lint"))
            self._record("test", self._test())
            self._record("testdb-guard", self._testdb_guard())
            self._record("contract", self._contract())
            self._record("collection", self._collection())
            self._record("schemathesis", self._schemathesis())
            self._stop_server()
        else:
            for check in ("lint", "test", "testdb-guard", "contract", "collection", "schemathesis"):
                self._skip(check, "dependencies not installed")
        self._record("hadolint", self._hadolint())
        self._record("actionlint", self._actionlint())

    def _generate(self) -> Cell:
        command = self.combination.new_command(self.ctx.folio, self.repo)
        return self._command("generate", command, self.ctx.work, self._env(), label="folio new")

    def _postgres_url(self, purpose: str) -> str:
        """A fresh database on the run's cluster (raises RuntimeError if there is none)."""
        cluster = self.ctx.postgres
        if cluster is None:
            raise RuntimeError(f"no PostgreSQL: {self.ctx.postgres_error or 'not started'}")
        name = _slug_db(self.combination, purpose)
        cluster.drop_database(name)
        url = cluster.create_database(name)
        self._databases.append(name)
        return url

    def _test(self) -> Cell:
        if self.combination.db == "sqlite":
            # As a user's shell after `source .env` would: DATABASE_URL names the development
            # database, which holds a sentinel the guard cell then checks (runner/guard.py).
            self._sqlite_sentinel = guard.plant_sqlite(self.repo)
            return self._make("test", "test", DATABASE_URL=guard.sqlite_url(self.repo / ".env.example"))
        if not self.combination.postgres:
            return self._make("test", "test")
        try:
            self.test_database_url = self._postgres_url("test")
        except Exception as error:  # noqa: BLE001 - any failure to get a database fails the cell
            return Cell(FAIL, detail=f"could not create a test database: {error}")
        return self._make("test", "test", TEST_DATABASE_URL=self.test_database_url)

    def _testdb_guard(self) -> Cell:
        if self._sqlite_sentinel is not None:
            damage = guard.sqlite_damage(self._sqlite_sentinel)
            self._sqlite_sentinel.remove()
            return Cell(FAIL, detail=damage, log=self._log("test")) if damage else Cell(OK)
        if not self.combination.postgres:
            return Cell(SKIP, detail="no database option")
        started = time.monotonic()
        cluster = self.ctx.postgres
        try:
            url = self._postgres_url("dev")
            assert cluster is not None  # _postgres_url raised otherwise
            name = url.rsplit("/", 1)[1]
            guard.plant_postgres(cluster, name)
        except Exception as error:  # noqa: BLE001 - any failure to set the trap fails the cell
            return Cell(FAIL, detail=f"could not create the sentinel database: {error}")
        log = self._log("testdb-guard")
        for attempt in guard.attempts(url, name):
            offset = log.stat().st_size if log.exists() else 0
            with log.open("a") as out:
                out.write(f"[verify] make test with {attempt.description}: it must refuse\n")
            outcome = self.ctx.processes.run(
                ["make", "--no-print-directory", "test"],
                cwd=self.repo, env=self._env(**attempt.env), log=log, timeout=TIMEOUTS["testdb-guard"],
            )  # fmt: skip
            with log.open(errors="replace") as out:
                out.seek(offset)
                output = out.read()
            problem = guard.refusal_problem(attempt, outcome.returncode, outcome.timed_out, output)
            damage = guard.postgres_damage(cluster, name)
            if problem or damage:
                detail = "; ".join(part for part in (problem, damage and f"{name}: {damage}") if part)
                return Cell(FAIL, time.monotonic() - started, detail=detail, log=log)
        return Cell(OK, time.monotonic() - started, log=log)

    # ---- the server, the contract suite and schemathesis -------------------

    def _start_server(self, overrides: dict[str, str]) -> tuple[str | None, str | None]:
        """Start `make run`; return (base URL, None) once /healthz answers, else (None, why)."""
        self._stop_server()
        port = free_port()
        env = self._env(PORT=str(port), HOST="127.0.0.1", **overrides)
        if self.combination.postgres:
            if self.run_database_url is None:
                try:
                    self.run_database_url = self._postgres_url("run")
                except Exception as failure:  # noqa: BLE001
                    return None, f"could not create a database for the server: {failure}"
            env["DATABASE_URL"] = self.run_database_url
        with self._server_log.open("a") as log:
            log.write(f"\n[verify] starting the server on port {port} with {sorted(overrides)} overridden\n")
        self._server = self.ctx.processes.start(
            ["make", "--no-print-directory", "run"], cwd=self.repo, env=env, log=self._server_log
        )
        base = f"http://127.0.0.1:{port}"
        error = wait_for_http(f"{base}/healthz", self._server, SERVER_START_TIMEOUT)
        if error:
            self._stop_server()
            return None, error
        self._server_env = overrides
        self._base = base
        return base, None

    def _server_with(self, overrides: dict[str, str]) -> tuple[str | None, str | None]:
        """The server the previous check left running when it runs with `overrides`, else a new one."""
        if self._server is not None and self._server.poll() is None and overrides == self._server_env:
            return self._base, None
        return self._start_server(overrides)

    def _stop_server(self) -> None:
        if self._server is not None:
            self.ctx.processes.stop(self._server)
            self._server = None
            self._base = None

    def _server_failure(self, detail: str, started: float) -> Cell:
        return Cell(
            FAIL,
            time.monotonic() - started,
            detail=f"server: {detail}",
            log=self._server_log,
            tail=report.tail(self._server_log),
        )

    def _with_server_log(self, cell: Cell) -> Cell:
        """A failed cell also shows the end of the server's output (tracebacks of 5xx live there)."""
        if cell.status == FAIL:
            cell.tail = [
                *report.tail(cell.log),
                f"--- last lines of {self._server_log} ---",
                *report.tail(self._server_log, SERVER_LOG_LINES),
            ]
        return cell

    def _contract(self) -> Cell:
        started = time.monotonic()
        if not (self.contracts / "conftest.py").exists():
            return Cell(FAIL, detail=f"no contract suite: {self.contracts}/conftest.py is missing")
        try:
            server_env = read_env_file(self.contracts / "server.env")
        except ValueError as bad_file:
            return Cell(FAIL, detail=str(bad_file))
        base, error = self._start_server(server_env)
        if base is None:
            return self._server_failure(error or "did not start", started)
        env = self._env(
            FOLIO_BASE_URL=base,
            FOLIO_PROJECT_DIR=str(self.repo),
            PYTHONDONTWRITEBYTECODE="1",
            # What every suite's clients share (verify/contracts/shared/clients.py).
            PYTHONPATH=str(self.ctx.root / "verify" / "contracts" / "shared"),
            **server_env,
        )
        if self.run_database_url:
            env["DATABASE_URL"] = self.run_database_url
        command = [
            str(self.ctx.tools.python), "-m", "pytest", str(self.contracts),
            "--rootdir", str(self.contracts), "-c", os.devnull,
            "-p", "no:cacheprovider", "-q", "--tb=short", "-rfE", "--color=no",
        ]  # fmt: skip
        cell = self._command(
            "contract", command, self.logs, env, label=f"pytest verify/contracts/{self.combination.project}"
        )
        cell.seconds = time.monotonic() - started
        return self._with_server_log(cell)

    def _collection(self) -> Cell:
        """A public test collection written by others (verify/contracts/P/collection/), run by newman
        against the server as the contract suite left it; `skip` for a project without one."""
        folder = self.contracts / "collection"
        if not (folder / COLLECTION_FILE).exists():
            return Cell(SKIP, detail="no public test collection for this project")
        if self.ctx.tools.newman is None:
            return Cell(
                FAIL,
                detail=f'its collection needs newman: add tools = ["newman"] to [projects.{self.combination.project}]'
                " in verify/services.toml",
            )
        started = time.monotonic()
        try:
            server_env = read_env_file(self.contracts / "server.env")
            template = read_env_file(folder / GLOBALS_FILE)
        except ValueError as bad_file:
            return Cell(FAIL, detail=str(bad_file))
        base, error = self._server_with(server_env)
        if base is None:
            return self._server_failure(error or "did not start", started)
        command = newman_command(
            self.ctx.tools.newman / "newman", folder / COLLECTION_FILE, collection_globals(template, base)
        )
        cell = self._command("collection", command, self.logs, self._env(), label="newman run")
        cell.seconds = time.monotonic() - started
        return self._with_server_log(cell)

    def _schemathesis(self) -> Cell:
        started = time.monotonic()
        try:
            overrides = {
                **read_env_file(self.contracts / "server.env"),
                **read_env_file(self.contracts / "schemathesis.env"),
            }
        except ValueError as bad_file:
            return Cell(FAIL, detail=str(bad_file))
        base, error = self._server_with(overrides)
        if base is None:
            return self._server_failure(error or "did not start", started)
        config = self.contracts / "schemathesis.toml"
        command = [
            str(self.ctx.tools.schemathesis), "--no-color",
            *(["--config-file", str(config)] if config.exists() else []),
            "run", f"{base}/openapi.json",
            "--checks", "all",
            "--max-examples", str(self.ctx.max_examples),
            "--seed", str(self.ctx.seed),
            "--workers", "1",
            "--request-timeout", "10",
            "--generation-database", "none",
        ]  # fmt: skip
        cell = self._command("schemathesis", command, self.logs, self._env(), label="st run")
        cell.seconds = time.monotonic() - started
        self._stop_server()
        return self._with_server_log(cell)

    # ---- static checks -----------------------------------------------------

    def _hadolint(self) -> Cell:
        if not (self.repo / "Dockerfile").exists():
            return Cell(FAIL, detail="the repository has no Dockerfile")
        command = [str(self.ctx.tools.hadolint), "--no-color", "Dockerfile"]
        return self._command("hadolint", command, self.repo, self._env(), label="hadolint Dockerfile")

    def _actionlint(self) -> Cell:
        workflows = self.repo / ".github" / "workflows"
        has_workflows = workflows.is_dir() and any(workflows.glob("*.y*ml"))
        if not has_workflows:
            if self.combination.ci == "none":
                return Cell(SKIP, detail="generated with --ci none")
            return Cell(FAIL, detail="no workflow under .github/workflows")
        command = [
            str(self.ctx.tools.actionlint), "-no-color",
            "-shellcheck", str(self.ctx.tools.shellcheck), "-pyflakes", "",
        ]  # fmt: skip
        return self._command("actionlint", command, self.repo, self._env(), label="actionlint")
