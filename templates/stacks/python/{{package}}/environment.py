"""Reading configuration from the process environment.

Settings come from environment variables (twelve-factor style), so the same
image runs in every environment. For local runs, `load_dotenv` fills in what
the shell did not set from an untracked `.env` file.
"""

from collections.abc import Mapping, MutableMapping
from pathlib import Path


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def load_dotenv(path: Path, environ: MutableMapping[str, str]) -> None:
    """Copy `KEY=value` lines from `path` into `environ`, never overriding.

    A variable already set in the shell wins, so `PORT=9000 make run` works
    even when `.env` names a port.
    """
    if not path.is_file():
        return
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, separator, value = line.removeprefix("export ").partition("=")
        if not separator or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        environ.setdefault(key.strip(), value)


def read_str(environ: Mapping[str, str], name: str, default: str | None = None) -> str:
    value = environ.get(name, "").strip()
    if value:
        return value
    if default is None:
        raise ConfigError(f"{name} is not set (see .env.example)")
    return default


def read_int(
    environ: Mapping[str, str],
    name: str,
    default: int,
    *,
    minimum: int = 0,
    maximum: int | None = None,
) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ConfigError(f"{name} must be at least {minimum}{upper}, got {value}")
    return value
