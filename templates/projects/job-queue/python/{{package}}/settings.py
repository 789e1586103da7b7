"""Everything the app reads from its environment, read once at start-up."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from .environment import ConfigError, read_int, read_str

DEFAULT_DATABASE_URL = "sqlite:///./data/app.db"
# Thirty days: a longer wait is an outage to fix, not a retry policy.
MAX_RETRY_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8080
    database_pool_size: int = 10
    # A nack waits RETRY_BASE_SECONDS * 2^(attempts - 1) plus jitter, at most RETRY_MAX_SECONDS.
    retry_base_seconds: int = 10
    retry_max_seconds: int = 3600

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Self:
        settings = cls(
            database_url=read_str(environ, "DATABASE_URL", DEFAULT_DATABASE_URL),
            host=read_str(environ, "HOST", "127.0.0.1"),
            port=read_int(environ, "PORT", 8080, minimum=1, maximum=65535),
            database_pool_size=read_int(environ, "DATABASE_POOL_SIZE", 10, minimum=1),
            retry_base_seconds=read_int(
                environ, "RETRY_BASE_SECONDS", 10, maximum=MAX_RETRY_SECONDS
            ),
            retry_max_seconds=read_int(
                environ, "RETRY_MAX_SECONDS", 3600, maximum=MAX_RETRY_SECONDS
            ),
        )
        if settings.retry_max_seconds < settings.retry_base_seconds:
            # A cap below the base would make every retry wait the cap: surely a typo.
            raise ConfigError("RETRY_MAX_SECONDS must not be less than RETRY_BASE_SECONDS")
        return settings
