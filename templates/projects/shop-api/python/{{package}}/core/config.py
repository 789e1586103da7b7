"""Everything the app reads from its environment, read once at start-up.

Each field is the variable of the same name in upper case (`PORT`), from the
shell or `.env`; see `environment.py`.
"""

import math
from typing import Annotated, Self

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic_settings import BaseSettings

from .environment import SETTINGS_CONFIG, Integer
from .security import MIN_SECRET_LENGTH, JwtSecret

# The shortest password of any account, the first admin's included.
MIN_PASSWORD_LENGTH = 8

# The secret the simulator signs its webhook events with, and the handler checks them with:
# as long as JWT_SECRET's, for the same reason (an HMAC key is only as strong as its length).
WebhookSecret = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=MIN_SECRET_LENGTH)
]
# ISO 4217 style: three upper-case letters.
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Settings(BaseSettings):
    model_config = SETTINGS_CONFIG

    jwt_secret: JwtSecret
    payment_webhook_secret: WebhookSecret
    database_url: str = "sqlite:///./data/app.db"
    host: str = "127.0.0.1"
    port: Annotated[Integer, Field(ge=1, le=65535)] = 8080
    database_pool_size: Annotated[Integer, Field(ge=1)] = 10
    # At most this many argon2id hashes at once (19 MiB each); the rest wait their turn.
    password_hash_concurrency: Annotated[Integer, Field(ge=1, le=256)] = 4
    jwt_ttl_seconds: Annotated[Integer, Field(ge=1, le=30 * 24 * 3600)] = 3600
    auth_rate_limit_per_minute: Annotated[Integer, Field(ge=1, le=1_000_000)] = 20
    # The first admin, made at start-up when no account has this email yet. The
    # password is taken as written: spaces may be part of it.
    admin_email: str | None = None
    admin_password: str | None = None
    # Every price, cart, order and payment is in this currency, in its minor units.
    shop_currency: Currency = "USD"
    # Where the simulator sends its events; by default this server's own webhook.
    payment_webhook_url: str | None = None
    # How long a pending payment waits before the simulator settles it.
    payment_settle_seconds: Annotated[float, Field(ge=0, le=86400)] = 2.0

    @field_validator("payment_settle_seconds")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number of seconds")
        return value

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

    @property
    def webhook_url(self) -> str:
        """PAYMENT_WEBHOOK_URL, or this server's own webhook on the loopback address."""
        return self.payment_webhook_url or f"http://127.0.0.1:{self.port}/webhooks/payments"
