"""The services a project declares in catalog.toml (`services = ["redis", …]`),
with how verify/services.toml runs its fakes and which extra tools it needs,
each started once per run and shared: Redis (Debian's redis-server, on a free port, one database
number and one gate (runner/gate.py) per combination) and fake third-party providers (a script of
verify/, which tells the combinations apart by the first segment of the URL it hands them)."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Combination
from .gate import Gate
from .processes import free_port, wait_for_http

KNOWN_TOOLS = ("newman",)
_PATH = re.compile(r"(?:[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*)?")  # a fake's path after the namespace, or ""
REDIS_DATABASES = 64  # more than the combinations of any catalog, so none shares a database number


class ServiceError(Exception):
    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


@dataclass(frozen=True)
class Fake:
    name: str
    script: Path
    # The variables that hand its URL to the cells, each with the path it adds after the
    # combination's namespace ("" for none): GEOCODING_API_URL → http://127.0.0.1:<port>/<slug>/geocoding.
    env: tuple[tuple[str, str], ...]

    def urls(self, base: str, namespace: str) -> dict[str, str]:
        """The cells' variables: the fake's URL, the combination's namespace, then the variable's path."""
        return {name: "/".join(part for part in (base, namespace, path) if part) for name, path in self.env}


@dataclass(frozen=True)
class Needs:
    redis: bool = False
    fakes: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()


@dataclass
class Declarations:
    projects: dict[str, Needs] = field(default_factory=dict)
    fakes: dict[str, Fake] = field(default_factory=dict)

    def of(self, project: str, variant_services: Sequence[str] = ()) -> Needs:
        """What a project always needs, with what its variant adds (`cache = "redis"` → Redis)."""
        needs = self.projects.get(project, Needs())
        extra = [service for service in variant_services if service != "redis" and service not in needs.fakes]
        return Needs(redis=needs.redis or "redis" in variant_services, fakes=(*needs.fakes, *extra), tools=needs.tools)


def load(path: Path, catalog_services: Mapping[str, Sequence[str]]) -> Declarations:
    """The projects' `services` from catalog.toml (project id → names) and services.toml's
    fakes and tools, refusing what the runner could not honour (with the file and the key)."""
    data: dict = {}
    if path.exists():
        with path.open("rb") as file:
            data = tomllib.load(file)
    unknown = set(data) - {"projects", "fakes"}
    if unknown:
        raise ServiceError(f"{path}: unknown table(s) {', '.join(sorted(unknown))} (expected projects, fakes)")
    fakes: dict[str, Fake] = {}
    for name, spec in data.get("fakes", {}).items():
        if set(spec) != {"script", "env"}:
            raise ServiceError(f"{path}: [fakes.{name}] needs exactly `script` and `env`, got {sorted(spec)}")
        script = (path.parent / spec["script"]).resolve()
        if not script.is_file():
            raise ServiceError(f"{path}: [fakes.{name}] script {script} does not exist")
        env = spec["env"]
        if isinstance(env, str):
            env = {env: ""}
        elif isinstance(env, list):
            env = dict.fromkeys(env, "")
        valid = (
            isinstance(env, dict)
            and env
            and all(
                isinstance(variable, str) and variable.isidentifier() and isinstance(sub, str) and _PATH.fullmatch(sub)
                for variable, sub in env.items()
            )
        )
        if not valid:
            raise ServiceError(
                f"{path}: [fakes.{name}] env must name one variable, a list of them, "
                "or a table of variable = path (letters, digits, `.`, `_`, `-` and inner `/`)"
            )
        fakes[name] = Fake(name=name, script=script, env=tuple(env.items()))
    tools_of: dict[str, list[str]] = {}
    for project, spec in data.get("projects", {}).items():
        if project not in catalog_services:
            raise ServiceError(f"{path}: [projects.{project}] is not a project of catalog.toml")
        extra = set(spec) - {"tools"}
        if extra:
            hint = " (a project's services are declared in catalog.toml)" if "needs" in extra else ""
            raise ServiceError(f"{path}: [projects.{project}] has unknown key(s) {', '.join(sorted(extra))}{hint}")
        tools_of[project] = list(spec.get("tools", []))
        for tool in tools_of[project]:
            if tool not in KNOWN_TOOLS:
                raise ServiceError(f"{path}: [projects.{project}] tool `{tool}` is not one of {', '.join(KNOWN_TOOLS)}")
    projects: dict[str, Needs] = {}
    for project, needs in catalog_services.items():
        for need in needs:
            if need != "redis" and need not in fakes:
                hint = (
                    " (PostgreSQL comes with the db option)"
                    if need == "postgres"
                    else f" (declare [fakes.{need}] in {path})"
                )
                raise ServiceError(
                    f"catalog.toml: project `{project}` services: `{need}` is neither redis nor a fake{hint}"
                )
        tools = tools_of.get(project, [])
        if needs or tools:
            projects[project] = Needs(
                redis="redis" in needs,
                fakes=tuple(need for need in needs if need != "redis"),
                tools=tuple(tools),
            )
    return Declarations(projects=projects, fakes=fakes)


# ---- Redis ------------------------------------------------------------------


def redis_server_binary() -> str:
    """redis-server, installing Debian's `redis-server` with apt-get if needed (as root)."""
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None
    )
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ServiceError("redis-server is not installed; install the `redis-server` package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server"],
    ):
        result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ServiceError(
                f"`{' '.join(command)}` failed with code {result.returncode}", result.stdout + result.stderr
            )
    found = shutil.which("redis-server")
    if not found:
        raise ServiceError("apt-get installed `redis-server` but no redis-server is on PATH")
    return found


def _resp(*args: str) -> bytes:
    parts = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = arg.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class Redis:
    """A throwaway redis-server for the run: no persistence, loopback only."""

    def __init__(self) -> None:
        self.binary = redis_server_binary()
        self.dir = Path(tempfile.mkdtemp(prefix="folio-verify-redis-"))
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._assigned: dict[str, int] = {}

    def start(self, timeout: float = 30.0) -> None:
        command = [
            self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--protected-mode", "yes",
            "--save", "", "--appendonly", "no", "--dir", str(self.dir),
            "--databases", str(REDIS_DATABASES), "--daemonize", "no",
        ]  # fmt: skip
        log = (self.dir / "server.log").open("ab")
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ServiceError(f"redis-server exited with code {self._process.returncode}", self._log())
            try:
                if self.command("PING") == b"+PONG":
                    return
            except OSError:
                time.sleep(0.1)
        raise ServiceError(f"redis-server did not answer PING within {timeout:.0f}s", self._log())

    def _log(self) -> str:
        path = self.dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def command(self, *args: str, database: int = 0) -> bytes:
        """Send one command (after SELECT database) and return the first line of its reply."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(_resp("SELECT", str(database)) + _resp(*args))
            reply = b""
            while reply.count(b"\r\n") < 2:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                reply += chunk
        lines = reply.split(b"\r\n")
        if not lines[0].startswith(b"+OK"):
            raise OSError(f"SELECT {database}: {lines[0]!r}")
        return lines[1]

    def database_for(self, combination: str) -> int:
        """A database number of its own for `combination`, the same every time it asks."""
        if combination not in self._assigned:
            if len(self._assigned) >= REDIS_DATABASES:
                raise ServiceError(f"more than {REDIS_DATABASES} combinations need Redis")
            self._assigned[combination] = len(self._assigned)
        return self._assigned[combination]

    def url_for(self, combination: str) -> str:
        return f"redis://127.0.0.1:{self.port}/{self.database_for(combination)}"

    def flush(self, combination: str) -> None:
        if combination in self._assigned and self._process is not None and self._process.poll() is None:
            try:
                self.command("FLUSHDB", database=self._assigned[combination])
            except OSError:
                pass  # the server goes away at the end of the run anyway

    def stop(self) -> None:
        if self._process is not None:
            _stop(self._process)
            self._process = None
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- fake providers ---------------------------------------------------------


class FakeServer:
    """A fake third-party provider, started once per run with the tools' Python."""

    def __init__(self, fake: Fake, python: Path, log_dir: Path) -> None:
        self.fake = fake
        self.python = python
        self.port = free_port()
        self.log = log_dir / f"fake-{fake.name}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PORT": str(self.port), "HOST": "127.0.0.1", "PYTHONDONTWRITEBYTECODE": "1"}
        with self.log.open("ab") as out:
            self._process = subprocess.Popen(
                [str(self.python), str(self.fake.script)],
                cwd=self.fake.script.parent, env=env, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        error = wait_for_http(f"{self.url}/healthz", self._process, timeout)
        if error:
            self.stop()
            text = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise ServiceError(f"fake `{self.fake.name}`: {error}", text)

    def stop(self) -> None:
        if self._process is not None:
            _stop(self._process)
            self._process = None


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=5)
    except ProcessLookupError:
        process.poll()


class RunServices:
    """What this run started, and the variables each combination's cells get from it."""

    def __init__(self, declarations: Declarations) -> None:
        self.declarations = declarations
        self.redis: Redis | None = None
        self.fakes: dict[str, FakeServer] = {}
        self.errors: dict[str, str] = {}  # service → why it could not start
        self._gates: dict[str, Gate] = {}  # combination id → its gate to Redis (runner/gate.py)
        self._gates_lock = threading.Lock()

    def start(self, combinations: Iterable[Combination], python: Path, log_dir: Path) -> list[str]:
        """Start every service the combinations need, once; return a line per service for the log."""
        needs = [self.declarations.of(c.project, c.services) for c in combinations]
        started: list[str] = []
        if any(need.redis for need in needs):
            try:
                self.redis = Redis()
                self.redis.start()
                started.append(f"Redis on 127.0.0.1:{self.redis.port}")
            except ServiceError as error:
                self.errors["redis"] = f"{error}\n{error.output}".strip()
                self.redis = None
        for name in sorted({fake for need in needs for fake in need.fakes}):
            server = FakeServer(self.declarations.fakes[name], python, log_dir)
            try:
                server.start()
                self.fakes[name] = server
                started.append(f"fake {name} on {server.url}")
            except ServiceError as error:
                self.errors[name] = f"{error}\n{error.output}".strip()
        return started

    def env_for(self, combination: Combination) -> dict[str, str]:
        """REDIS_URL and the fakes' URLs; raises ServiceError naming a service that is not running.

        A fake is shared by every cell of the run, so each combination's URLs carry its slug as
        the first path segment: the fake keeps calls, counters and modes apart by it."""
        need = self.declarations.of(combination.project, combination.services)
        env: dict[str, str] = {}
        if need.redis:
            if self.redis is None:
                raise ServiceError(f"Redis is not running: {self.errors.get('redis', 'not started')}")
            # Through a gate of its own, which its suite may close to see Redis "go down".
            with self._gates_lock:
                gate = self._gates.get(combination.id)
                if gate is None:
                    control = self.redis.dir / f"gate-{combination.slug}"
                    gate = self._gates[combination.id] = Gate(("127.0.0.1", self.redis.port), control)
            database = self.redis.database_for(combination.id)
            env["REDIS_URL"] = f"redis://127.0.0.1:{gate.port}/{database}"
            env["FOLIO_REDIS_GATE"] = str(gate.control)
            # The same database around the gate: a suite that cuts the server off Redis
            # can still look at (and write to) the streams meanwhile.
            env["FOLIO_REDIS_DIRECT_URL"] = f"redis://127.0.0.1:{self.redis.port}/{database}"
        for name in need.fakes:
            server = self.fakes.get(name)
            if server is None:
                raise ServiceError(f"fake `{name}` is not running: {self.errors.get(name, 'not started')}")
            env.update(server.fake.urls(server.url, combination.slug))
        return env

    def release(self, combination: str) -> None:
        with self._gates_lock:
            gate = self._gates.pop(combination, None)
        if gate is not None:
            gate.stop()
        if self.redis is not None:
            self.redis.flush(combination)

    def stop(self) -> None:
        with self._gates_lock:
            gates, self._gates = list(self._gates.values()), {}
        for gate in gates:
            gate.stop()
        for server in self.fakes.values():
            server.stop()
        self.fakes.clear()
        if self.redis is not None:
            self.redis.stop()
            self.redis = None
