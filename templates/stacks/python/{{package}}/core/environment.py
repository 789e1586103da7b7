"""Reading the settings from the process environment and `.env`.

Settings come from environment variables (twelve-factor style), so the same
image runs in every environment; for local runs pydantic-settings fills in
what the shell did not set from the untracked `.env` file, and the shell
wins, so `PORT=9000 make run` works even when `.env` names a port. Each
project declares its own `Settings` (`config.py`) with `SETTINGS_CONFIG`;
`load` reads it at start-up and turns a bad value into one line that names
the variable, for `error: ...` on stderr rather than a traceback.
"""

import re
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

SETTINGS_CONFIG = SettingsConfigDict(
    env_file=".env",
    env_file_encoding="utf-8",
    # `PORT=` means the default, as an unset PORT does.
    env_ignore_empty=True,
    # .env may hold settings for other programs (compose, the worker).
    extra="ignore",
    frozen=True,
)


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def _whole_number(value: object) -> object:
    # Pydantic would read "8080.0" as 8080; a setting is spelled in digits or refused.
    if isinstance(value, str):
        if not re.fullmatch(r"\s*-?[0-9]+\s*", value):
            raise ValueError(f"must be an integer, got {value!r}")
        return int(value)
    return value


# An integer setting; bound it with Field(ge=..., le=...).
Integer = Annotated[int, BeforeValidator(_whole_number)]

SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def load(settings_class: type[SettingsT], **values: Any) -> SettingsT:
    """`settings_class` from `values`, the environment, `.env` and the defaults, in that order."""
    try:
        return settings_class(**values)
    except ValidationError as error:
        raise ConfigError(describe(error.errors()[0])) from None


def describe(error: ErrorDetails) -> str:
    """One validation error as a sentence about the variable, never echoing a secret."""
    name = "_".join(str(part) for part in error["loc"]).upper()
    kind = error["type"]
    context = error.get("ctx", {})
    if kind == "missing":
        return f"{name} is not set (see .env.example)"
    if kind == "greater_than_equal":
        return f"{name} must be at least {context['ge']}, got {error['input']}"
    if kind == "less_than_equal":
        return f"{name} must be at most {context['le']}, got {error['input']}"
    if kind == "string_too_short":
        return f"{name} must be at least {context['min_length']} characters"
    message = error["msg"].removeprefix("Value error, ")
    return f"{name} {message}" if name else message
