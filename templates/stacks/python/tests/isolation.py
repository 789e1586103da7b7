"""Settings for tests: exactly what a test passes, and the defaults.

The app's `Settings()` also reads the shell and `.env`, which belong to the
developer: a `JWT_TTL_SECONDS` exported for `make run` must not change what
the tests see.
"""

from typing import Any, TypeVar, cast

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def _given_values_only(
    cls: type[BaseSettings],
    settings_cls: type[BaseSettings],
    init_settings: PydanticBaseSettingsSource,
    env_settings: PydanticBaseSettingsSource,
    dotenv_settings: PydanticBaseSettingsSource,
    file_secret_settings: PydanticBaseSettingsSource,
) -> tuple[PydanticBaseSettingsSource, ...]:
    return (init_settings,)


def isolated_settings(settings_class: type[SettingsT], **values: Any) -> SettingsT:
    """`settings_class` validated from `values` and its defaults, blind to the environment."""
    isolated = type(
        settings_class.__name__,
        (settings_class,),
        {"settings_customise_sources": classmethod(_given_values_only)},
    )
    return cast(SettingsT, isolated(**values))
