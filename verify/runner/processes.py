"""Every process the runner starts, in its own process group, so that it can be
stopped with all its children (make → python → uvicorn workers…) by PID, on
success, on failure, on a timeout and on Ctrl-C alike."""

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Outcome:
    returncode: int
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


class Cancelled(Exception):
    """The run was interrupted: start nothing more."""


class Processes:
    def __init__(self) -> None:
        self._live: dict[int, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._cancelled = False

    def cancel(self) -> None:
        """Refuse to start anything from now on, and stop everything running."""
        with self._lock:
            self._cancelled = True
        self.stop_all()

    def start(
        self,
        command: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        log: Path,
    ) -> subprocess.Popen[bytes]:
        """Start `command` in a new session, its output appended to `log`."""
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out, self._lock:
            if self._cancelled:
                raise Cancelled
            out.write(f"$ {' '.join(command)}   (in {cwd})\n".encode())
            out.flush()
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self._live[process.pid] = process
        return process

    def run(
        self,
        command: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        log: Path,
        timeout: float,
    ) -> Outcome:
        """Run `command` to completion (or `timeout` seconds), its output appended to `log`."""
        process = self.start(command, cwd=cwd, env=env, log=log)
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(process)
            with log.open("a") as out:
                out.write(f"\n[verify] timed out after {timeout:.0f}s and was stopped\n")
            return Outcome(returncode=-1, timed_out=True)
        finally:
            # Children a command left behind (a daemonised server…) go with it.
            self.stop(process)
        return Outcome(returncode=returncode)

    def stop(self, process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
        """Stop the process group of `process`: SIGTERM, then SIGKILL after `grace` seconds."""
        with self._lock:
            self._live.pop(process.pid, None)
        pgid = process.pid  # start_new_session made it the leader of its own group
        if not _group_alive(pgid):
            process.poll()
            return
        _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _group_alive(pgid):
            if process.poll() is None:
                try:
                    process.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    pass
            else:
                time.sleep(0.1)
        if _group_alive(pgid):
            _signal_group(pgid, signal.SIGKILL)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def stop_all(self) -> None:
        with self._lock:
            running = list(self._live.values())
        for process in running:
            self.stop(process)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, process: subprocess.Popen[bytes], timeout: float) -> str | None:
    """Poll `url` until it answers 200; return why not if it never does."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the server exited with code {process.returncode} before {url} answered"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return None
                last = f"status {response.status}"
        except urllib.error.HTTPError as error:
            last = f"status {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last = str(getattr(error, "reason", error))
        time.sleep(0.2)
    return f"{url} did not answer 200 within {timeout:.0f}s (last: {last})"
