"""One throwaway PostgreSQL cluster for the whole run, on a free local port,
with a fresh database per use; installed from Debian's packages when missing."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .processes import free_port


class PostgresError(Exception):
    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


def _bin_dir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def _run(command: list[str], **kwargs: object) -> str:
    result = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )
    if result.returncode != 0:
        raise PostgresError(f"`{' '.join(command)}` failed with code {result.returncode}", result.stdout)
    return str(result.stdout)


def ensure_installed() -> Path:
    """The directory of initdb and pg_ctl, installing `postgresql` with apt-get if needed."""
    found = _bin_dir()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresError(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
            "install the `postgresql` package, or verify only SQLite variants with --only"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run(["apt-get", "update", "-qq"], env=env)
    _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], env=env)
    found = _bin_dir()
    if not found:
        raise PostgresError("apt-get installed `postgresql` but no initdb was found")
    return found


class Cluster:
    """A cluster in a temporary directory, trusting local connections, for one run."""

    def __init__(self) -> None:
        self.bin = ensure_installed()
        self.dir = Path(tempfile.mkdtemp(prefix="folio-verify-pg-"))
        self.port = free_port()
        self._started = False
        # initdb and the server refuse to run as root: they run as `postgres`.
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            self._as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, user="postgres")
        data = self.dir / "data"
        self._owner_run(["mkdir", str(data)])
        self.data = data

    def _owner_run(self, command: list[str]) -> str:
        return _run([*self._as_owner, *command], cwd=self.dir)

    def start(self) -> None:
        self._owner_run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
             "--encoding", "UTF8", "--no-sync"]
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._owner_run(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
             "-l", str(self.dir / "server.log"), "-w", "-t", "60", "start"]
        )  # fmt: skip
        self._started = True

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self._client("createdb", name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        try:
            self._client("dropdb", "--if-exists", "--force", name)
        except PostgresError:
            pass  # the cluster goes away at the end anyway

    def sql(self, database: str, statement: str) -> list[list[str]]:
        """Run `statement` in `database` (stopping at the first error); the rows of its last result."""
        output = self._client(
            "psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", statement
        )
        return [line.split("\t") for line in output.splitlines() if line]

    def _client(self, tool: str, *args: str) -> str:
        return _run([str(self.bin / tool), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args])

    def stop(self) -> None:
        if self._started:
            try:
                self._owner_run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
            except PostgresError:
                self._kill_postmaster()
            self._started = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def _kill_postmaster(self) -> None:
        # pg_ctl could not stop it: the PID is the first line of postmaster.pid.
        try:
            pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, 9)
        except (OSError, ValueError, IndexError):
            pass
