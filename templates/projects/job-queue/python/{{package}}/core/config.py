"""Everything the app reads from its environment, read once at start-up.

Each field is the variable of the same name in upper case (`PORT`), from the
shell or `.env`; see `environment.py`.
"""

from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings

from .environment import SETTINGS_CONFIG, Integer

# Thirty days: a longer wait is an outage to fix, not a retry policy.
MAX_RETRY_SECONDS = 30 * 24 * 3600


class Settings(BaseSettings):
    model_config = SETTINGS_CONFIG

    database_url: str = "sqlite:///./data/app.db"
    host: str = "127.0.0.1"
    port: Annotated[Integer, Field(ge=1, le=65535)] = 8080
    database_pool_size: Annotated[Integer, Field(ge=1)] = 10
    # A nack waits RETRY_BASE_SECONDS * 2^(attempts - 1) plus jitter, at most RETRY_MAX_SECONDS.
    retry_base_seconds: Annotated[Integer, Field(ge=0, le=MAX_RETRY_SECONDS)] = 10
    retry_max_seconds: Annotated[Integer, Field(ge=0, le=MAX_RETRY_SECONDS)] = 3600

    @model_validator(mode="after")
    def _cap_not_below_base(self) -> Self:
        if self.retry_max_seconds < self.retry_base_seconds:
            # A cap below the base would make every retry wait the cap: surely a typo.
            raise ValueError("RETRY_MAX_SECONDS must not be less than RETRY_BASE_SECONDS")
        return self
