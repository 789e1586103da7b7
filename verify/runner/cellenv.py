"""The environment every command of a cell runs with: the caller's, less what
would change what a generated project does, plus the pinned toolchains first on
PATH and the package managers' caches shared by every combination (all under
the tools' cache directory, so a warm cache serves every cell of every run)."""

import os
from collections.abc import Mapping
from pathlib import Path

from .tools import Tools, go_binary

# Inherited settings that would change what a generated project does.
CLEARED = (
    "DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL", "PORT", "HOST",
    "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "NODE_OPTIONS", "NODE_PATH",
    "UV_PROJECT_ENVIRONMENT", "UV_SYSTEM_PYTHON", "GOFLAGS", "GOPATH", "GOBIN", "GOROOT",
)  # fmt: skip


def path_entries(tools: Tools) -> list[Path]:
    """Put before the caller's PATH: the pinned node, the cells' uv, then Go if it is not on PATH."""
    entries = [tools.node_bin, tools.cell_bin]
    if tools.newman is not None:
        entries.append(tools.newman)
    go = go_binary()
    if go:
        entries.append(Path(go).parent)
    return entries


def cache_settings(cache: Path) -> dict[str, str]:
    """The shared caches, and the switches that keep installs to the registries and quiet."""
    return {
        "UV_CACHE_DIR": str(cache / "uv"),
        # uv must use the machine's Python, never download one (only the registries are reachable).
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
        "PIP_CACHE_DIR": str(cache / "pip"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_PROGRESS_BAR": "off",
        "npm_config_cache": str(cache / "npm"),
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
        "GOPATH": str(cache / "go"),
        "GOMODCACHE": str(cache / "go" / "pkg" / "mod"),
        "GOCACHE": str(cache / "go" / "build"),
        # The go directive of a generated go.mod is met by the installed Go; never fetch another toolchain.
        "GOTOOLCHAIN": "local",
        "NO_COLOR": "1",
    }


def cell_env(
    tools: Tools, extra: Mapping[str, str] | None = None, *, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """`base` (the runner's own environment by default) cleaned, with the toolchains and caches, then `extra`."""
    source = os.environ if base is None else base
    env = {key: value for key, value in source.items() if key not in CLEARED}
    inherited = [entry for entry in env.get("PATH", os.defpath).split(os.pathsep) if entry]
    first = [str(entry) for entry in path_entries(tools)]
    env["PATH"] = os.pathsep.join([*first, *(entry for entry in inherited if entry not in first)])
    env.update(cache_settings(tools.cache))
    env.update(extra or {})
    return env
