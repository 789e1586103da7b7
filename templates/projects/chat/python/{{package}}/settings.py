"""Everything the app reads from its environment, read once at start-up."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from .environment import read_int, read_str
from .security import read_jwt_secret

DEFAULT_DATABASE_URL = "sqlite:///./data/app.db"


@dataclass(frozen=True, kw_only=True)
class Settings:
    jwt_secret: str
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8080
    database_pool_size: int = 10
    # At most this many argon2id hashes at once (19 MiB each); the rest wait their turn.
    password_hash_concurrency: int = 4
    auth_rate_limit_per_minute: int = 20
    token_ttl_seconds: int = 3600
    # A float so that tests can wait a fraction of a second; the environment gives whole seconds.
    ws_idle_timeout_seconds: float = 60
    ws_send_queue_size: int = 100

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Self:
        return cls(
            jwt_secret=read_jwt_secret(environ),
            database_url=read_str(environ, "DATABASE_URL", DEFAULT_DATABASE_URL),
            host=read_str(environ, "HOST", "127.0.0.1"),
            port=read_int(environ, "PORT", 8080, minimum=1, maximum=65535),
            database_pool_size=read_int(environ, "DATABASE_POOL_SIZE", 10, minimum=1),
            password_hash_concurrency=read_int(environ, "PASSWORD_HASH_CONCURRENCY", 4, minimum=1),
            auth_rate_limit_per_minute=read_int(
                environ, "AUTH_RATE_LIMIT_PER_MINUTE", 20, minimum=1
            ),
            token_ttl_seconds=read_int(environ, "JWT_TTL_SECONDS", 3600, minimum=1),
            ws_idle_timeout_seconds=read_int(environ, "WS_IDLE_TIMEOUT_SECONDS", 60, minimum=1),
            ws_send_queue_size=read_int(environ, "WS_SEND_QUEUE_SIZE", 100, minimum=1),
        )
