"""Everything the app reads from its environment, read once at start-up.

Each field is the variable of the same name in upper case (`PORT`), from the
shell or `.env`; see `environment.py`.
"""

from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings

from .environment import SETTINGS_CONFIG, Integer
from .security import JwtSecret


class Settings(BaseSettings):
    model_config = SETTINGS_CONFIG

    jwt_secret: JwtSecret
    database_url: str = "sqlite:///./data/app.db"
    host: str = "127.0.0.1"
    port: Annotated[Integer, Field(ge=1, le=65535)] = 8080
    database_pool_size: Annotated[Integer, Field(ge=1)] = 10
    # At most this many argon2id hashes at once (19 MiB each); the rest wait their turn.
    password_hash_concurrency: Annotated[Integer, Field(ge=1)] = 4
    auth_rate_limit_per_minute: Annotated[Integer, Field(ge=1)] = 20
    jwt_ttl_seconds: Annotated[Integer, Field(ge=1)] = 3600
    # Seconds, a fraction allowed: tests wait a fifth of one.
    ws_idle_timeout_seconds: Annotated[float, Field(gt=0)] = 60
    ws_send_queue_size: Annotated[Integer, Field(ge=1)] = 100
