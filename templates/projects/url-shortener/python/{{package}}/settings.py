"""Everything the app reads from its environment, read once at start-up."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from .environment import read_int, read_str

DEFAULT_DATABASE_URL = "sqlite:///./data/app.db"


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8080
    database_pool_size: int = 10
    shorten_rate_limit_per_minute: int = 60

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Self:
        return cls(
            database_url=read_str(environ, "DATABASE_URL", DEFAULT_DATABASE_URL),
            host=read_str(environ, "HOST", "127.0.0.1"),
            port=read_int(environ, "PORT", 8080, minimum=1, maximum=65535),
            database_pool_size=read_int(environ, "DATABASE_POOL_SIZE", 10, minimum=1),
            shorten_rate_limit_per_minute=read_int(
                environ, "SHORTEN_RATE_LIMIT_PER_MINUTE", 60, minimum=1
            ),
        )
