"""Everything the app reads from its environment, read once at start-up.

Each field is the variable of the same name in upper case (`PORT`), from the
shell or `.env`; see `environment.py`.
"""

from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings

from .environment import SETTINGS_CONFIG, Integer
from .security import JwtSecret

# The shortest password of any account, the first admin's included.
MIN_PASSWORD_LENGTH = 8


class Settings(BaseSettings):
    model_config = SETTINGS_CONFIG

    jwt_secret: JwtSecret
    database_url: str = "sqlite:///./data/app.db"
    host: str = "127.0.0.1"
    port: Annotated[Integer, Field(ge=1, le=65535)] = 8080
    database_pool_size: Annotated[Integer, Field(ge=1)] = 10
    # At most this many argon2id hashes at once (19 MiB each); the rest wait their turn.
    password_hash_concurrency: Annotated[Integer, Field(ge=1, le=256)] = 4
    # RealWorld front ends keep the token until it is refused: a day by default.
    jwt_ttl_seconds: Annotated[Integer, Field(ge=1, le=30 * 24 * 3600)] = 24 * 3600
    auth_rate_limit_per_minute: Annotated[Integer, Field(ge=1, le=1_000_000)] = 20
    # The first admin (username "admin"), made at start-up when no account has
    # this email yet. The password is taken as written: spaces may be part of it.
    admin_email: str | None = None
    admin_password: str | None = None

    @model_validator(mode="after")
    def _admin_is_complete(self) -> Self:
        if self.admin_email is None and self.admin_password is not None:
            raise ValueError("ADMIN_PASSWORD is set but ADMIN_EMAIL is not")
        if self.admin_email is not None and len(self.admin_password or "") < MIN_PASSWORD_LENGTH:
            raise ValueError(
                f"ADMIN_PASSWORD must be at least {MIN_PASSWORD_LENGTH} characters"
                " when ADMIN_EMAIL is set"
            )
        return self
