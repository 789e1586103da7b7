"""The shipped worker: it runs the jobs of its example handlers and stops cleanly on SIGTERM.

Needs FOLIO_PROJECT_DIR (the generated repository). The worker is started
from the command `make worker` runs (read with `make -n`, then run directly
so that SIGTERM reaches it and its own exit code is seen), or, for Python,
`.venv/bin/python -m <package>.worker`. It is pointed at the server under
test with API_URL (and PORT), and at a queue of its own with WORKER_QUEUE.
The job types it handles are read from the README section headed "Job types"
or "Handlers" (the first backticked name of each line), or else from
`<worker> --list` (one per line).
"""

import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from queue_support import BASE_URL, enqueue, get_job, unique_queue

PROJECT = os.environ.get("FOLIO_PROJECT_DIR")
TYPE = re.compile(r"`([A-Za-z0-9_.-]{1,64})`")


def worker_command(project: Path) -> list[str]:
    dry_run = subprocess.run(
        ["make", "-s", "-n", "--no-print-directory", "-C", str(project), "worker"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    lines = [line for line in dry_run.stdout.splitlines() if line.strip()]
    if dry_run.returncode == 0 and len(lines) == 1:
        return ["sh", "-c", f"exec {lines[0]}"]
    name = re.search(r'^name\s*=\s*"([^"]+)"', (project / ".folio.toml").read_text(), re.M)
    assert name, "no name in .folio.toml"
    return [str(project / ".venv/bin/python"), "-m", name[1].replace("-", "_") + ".worker"]


def worker_env(queue: str) -> dict[str, str]:
    url = urlsplit(BASE_URL)
    return os.environ | {
        "API_URL": BASE_URL,
        "HOST": url.hostname or "127.0.0.1",
        "PORT": str(url.port or 80),
        "WORKER_QUEUE": queue,
        "WORKER_POLL_SECONDS": "1",
    }


def start(command: list[str], project: Path, queue: str, log: Path, *args: str) -> subprocess.Popen:
    """Start the worker in a process group of its own, its output going to `log`."""
    if command[:2] == ["sh", "-c"]:
        command = ["sh", "-c", " ".join([command[2], *map(shlex.quote, args)])]
    else:
        command = [*command, *args]
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=project, env=worker_env(queue), start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def job_types(command: list[str], project: Path, log: Path) -> list[str]:
    readme = (project / "README.md").read_text(encoding="utf-8")
    heading = r"^#+ +(?:example +|built-in +)?(?:job types|handlers)\b[^\n]*$(.*?)(?=^#|\Z)"
    section = re.search(heading, readme, re.I | re.M | re.S)
    rows = section[1].splitlines() if section else []
    if types := [found[1] for line in rows if (found := TYPE.search(line))]:
        return types
    process = start(command, project, unique_queue("probe"), log, "--list")
    try:
        process.wait(timeout=8)
    except subprocess.TimeoutExpired:  # no --list: it started serving instead
        return []
    finally:
        stop(process)
    listed = [line.strip() for line in log.read_text().splitlines() if line.strip()]
    valid = all(re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name) for name in listed)
    return listed if process.returncode == 0 and valid else []


@pytest.fixture(scope="module")
def worker_setup(tmp_path_factory):
    if not PROJECT:
        pytest.skip("FOLIO_PROJECT_DIR is not set: no worker to start")
    project = Path(PROJECT)
    command = worker_command(project)
    types = job_types(command, project, tmp_path_factory.mktemp("worker") / "list.log")
    if not types:
        pytest.skip("the worker has no --list and its README names no job types")
    return project, command, types


def wait_until(predicate, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def states(api, ids: list[str]) -> list[str]:
    return [get_job(api, job_id)["state"] for job_id in ids]


def test_worker_completes_jobs_and_exits_cleanly_on_sigterm(api, worker_setup, tmp_path):
    project, command, types = worker_setup
    queue, log = unique_queue("worker"), tmp_path / "worker.log"
    # Example handlers may fail on purpose or need a payload: one type completing is enough.
    jobs = {
        kind: [enqueue(api, queue, type=kind, payload={}, maxAttempts=1)["id"] for _ in range(3)]
        for kind in types
    }
    every_job = [job_id for ids in jobs.values() for job_id in ids]
    process = start(command, project, queue, log)
    try:
        settled = wait_until(
            lambda: set(states(api, every_job)) <= {"completed", "dead"}, timeout=30
        )
        assert settled, f"jobs not settled in 30 s:\n{log.read_text()[-2000:]}"
        completed = [kind for kind, ids in jobs.items() if set(states(api, ids)) == {"completed"}]
        assert completed, f"no job of the types {types} completed"

        more = [enqueue(api, queue, type=completed[0], payload={})["id"] for _ in range(5)]
        assert wait_until(lambda: states(api, more[:1]) != ["available"], timeout=15)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail("the worker did not exit within 15 s of SIGTERM")
        assert process.returncode == 0, f"exit code {process.returncode}:\n{log.read_text()}"
        assert "running" not in states(api, more), "the worker exited holding a job"
    finally:
        stop(process)
