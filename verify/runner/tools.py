"""The checking tools, installed once into a cache directory and reused:
a venv from the hash-pinned verify/requirements.txt (pytest, httpx, websockets,
schemathesis, hadolint, shellcheck) and actionlint built from the Go module proxy.

The cache is $FOLIO_VERIFY_CACHE, else $XDG_CACHE_HOME/folio-verify, else
~/.cache/folio-verify. A venv is keyed by the hash of requirements.txt, so
editing the pins installs a fresh one.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ACTIONLINT_VERSION = "v1.7.12"
ACTIONLINT_MODULE = "github.com/rhysd/actionlint/cmd/actionlint"


class ToolError(Exception):
    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


@dataclass(frozen=True)
class Tools:
    venv: Path
    actionlint: Path
    cache: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def schemathesis(self) -> Path:
        return self.venv / "bin" / "st"

    @property
    def hadolint(self) -> Path:
        return self.venv / "bin" / "hadolint"

    @property
    def shellcheck(self) -> Path:
        return self.venv / "bin" / "shellcheck"

    @property
    def npm_cache(self) -> Path:
        return self.cache / "npm"


def cache_dir() -> Path:
    explicit = os.environ.get("FOLIO_VERIFY_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "folio-verify"


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise ToolError(f"`{' '.join(command)}` failed with code {result.returncode}", result.stdout)


def _venv(cache: Path, requirements: Path) -> Path:
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    venv = cache / f"venv-{digest}"
    done = venv / ".complete"
    if done.exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    print(f"verify: installing the checking tools into {venv}", flush=True)
    _run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run([*pip, "install", "--require-hashes", "--only-binary", ":all:", "-r", str(requirements)])
    done.write_text(requirements.read_text())
    return venv


def _go() -> str:
    found = shutil.which("go") or next(
        (path for path in ("/usr/local/go/bin/go", "/usr/lib/go/bin/go") if os.access(path, os.X_OK)),
        None,
    )
    if not found:
        raise ToolError(
            f"`go` is not installed: it builds actionlint (`go install {ACTIONLINT_MODULE}@{ACTIONLINT_VERSION}`)"
        )
    return found


def _actionlint(cache: Path) -> Path:
    bin_dir = cache / f"actionlint-{ACTIONLINT_VERSION}"
    binary = bin_dir / "actionlint"
    if binary.exists():
        return binary
    print(f"verify: building actionlint {ACTIONLINT_VERSION} into {bin_dir}", flush=True)
    staging = cache / f".actionlint-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    env = {**os.environ, "GOBIN": str(staging), "CGO_ENABLED": "0"}
    _run([_go(), "install", f"{ACTIONLINT_MODULE}@{ACTIONLINT_VERSION}"], env=env)
    shutil.rmtree(bin_dir, ignore_errors=True)
    staging.rename(bin_dir)
    return binary


def ensure(root: Path) -> Tools:
    """Install what is missing (under a lock, so two runs do not race) and return the tools."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        venv = _venv(cache, root / "verify" / "requirements.txt")
        actionlint = _actionlint(cache)
    return Tools(venv=venv, actionlint=actionlint, cache=cache)
