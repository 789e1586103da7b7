"""The test-database guard (PRODUCT.md: tests never touch the development database), checked from outside: `make test`
must never reset a database it was not explicitly given as a throwaway one.

PostgreSQL: a database whose name does not end in _test holds a sentinel
table; `make test` is run twice against it, once as DATABASE_URL with
TEST_DATABASE_URL unset, once as TEST_DATABASE_URL. Both runs must exit
non-zero with the agreed message, and afterwards the database must hold the
sentinel row and nothing else.

SQLite: the development database ./data/app.db holds a sentinel when the test
cell runs `make test` with DATABASE_URL naming it (as .env does); the file
must come out byte for byte the same, with no journal beside it.
"""

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .postgres import Cluster

SENTINEL_TABLE = "folio_verify_sentinel"
SENTINEL_NOTE = "make test must leave this row alone"
SQLITE_URL = "sqlite:///./data/app.db"
SQLITE_PATH = Path("data") / "app.db"
_SIDE_FILES = ("-journal", "-wal", "-shm")


@dataclass(frozen=True)
class Attempt:
    """One `make test` that must refuse: its environment, and what its output must say."""

    description: str
    env: dict[str, str]
    message: str


def attempts(url: str, database: str) -> list[Attempt]:
    return [
        Attempt(
            description="DATABASE_URL set, TEST_DATABASE_URL unset",
            env={"DATABASE_URL": url},
            message="TEST_DATABASE_URL is not set",
        ),
        Attempt(
            description=f"TEST_DATABASE_URL naming {database}, which does not end in _test",
            env={"TEST_DATABASE_URL": url},
            message=f'refusing to reset database "{database}" from TEST_DATABASE_URL',
        ),
    ]


def plant_postgres(cluster: Cluster, database: str) -> None:
    cluster.sql(
        database,
        f"CREATE TABLE {SENTINEL_TABLE} (id integer PRIMARY KEY, note text NOT NULL); "
        f"INSERT INTO {SENTINEL_TABLE} VALUES (1, '{SENTINEL_NOTE}');",
    )


def postgres_damage(cluster: Cluster, database: str) -> str | None:
    """What `make test` did to the database, or None if it holds the sentinel and nothing else."""
    tables = cluster.sql(
        database,
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1;",
    )
    names = [row[0] for row in tables]
    if f"public.{SENTINEL_TABLE}" not in names:
        return f"the sentinel table {SENTINEL_TABLE} is gone (tables now: {', '.join(names) or 'none'})"
    rows = cluster.sql(database, f"SELECT id, note FROM {SENTINEL_TABLE} ORDER BY id;")
    if rows != [["1", SENTINEL_NOTE]]:
        return f"the sentinel table's rows changed: {rows}"
    others = [name for name in names if name != f"public.{SENTINEL_TABLE}"]
    if others:
        return f"make test created tables in it: {', '.join(others)}"
    return None


def refusal_problem(attempt: Attempt, returncode: int, timed_out: bool, output: str) -> str | None:
    """Why a `make test` that had to refuse did not, or None if it refused as agreed."""
    if timed_out:
        return f"{attempt.description}: `make test` ran until it timed out instead of refusing"
    if returncode == 0:
        return f"{attempt.description}: `make test` exited 0; it must refuse to run"
    if attempt.message not in output:
        return f"{attempt.description}: `make test` exited {returncode} without saying `{attempt.message}`"
    return None


@dataclass(frozen=True)
class SqliteSentinel:
    path: Path
    digest: str
    planted: bool  # False when the file was there before (then it is guarded, and left as it was)

    def remove(self) -> None:
        """Take the planted file away again, so the server of the contract check starts as a user's would."""
        if self.planted:
            for suffix in ("", *_SIDE_FILES):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)


def sqlite_url(env_example: Path) -> str:
    """The project's own development DATABASE_URL from .env.example when it is SQLite's, else the agreed one."""
    if env_example.exists():
        for line in env_example.read_text().splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and key == "DATABASE_URL" and value.startswith("sqlite:"):
                return value
    return SQLITE_URL


def plant_sqlite(repo: Path) -> SqliteSentinel:
    path = repo / SQLITE_PATH
    planted = not path.exists()
    if planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as connection:
            connection.execute(f"CREATE TABLE {SENTINEL_TABLE} (id INTEGER PRIMARY KEY, note TEXT NOT NULL)")
            connection.execute(f"INSERT INTO {SENTINEL_TABLE} VALUES (1, ?)", (SENTINEL_NOTE,))
        connection.close()
    return SqliteSentinel(path=path, digest=_digest(path), planted=planted)


def sqlite_damage(sentinel: SqliteSentinel) -> str | None:
    if not sentinel.path.exists():
        return f"make test removed {SQLITE_PATH}"
    if _digest(sentinel.path) != sentinel.digest:
        return f"make test wrote to {SQLITE_PATH} (the development database), which DATABASE_URL named"
    beside = [
        sentinel.path.name + suffix
        for suffix in _SIDE_FILES
        if sentinel.path.with_name(sentinel.path.name + suffix).exists()
    ]
    if beside:
        return f"make test opened {SQLITE_PATH} for writing: {', '.join(beside)} appeared beside it"
    return None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
