"""Everything the app reads from its environment, read once at start-up.

Each field is the variable of the same name in upper case (`PORT`), from the
shell or `.env`; see `environment.py`.
"""

from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings

from .environment import SETTINGS_CONFIG, Integer


class Settings(BaseSettings):
    model_config = SETTINGS_CONFIG

    database_url: str = "sqlite:///./data/app.db"
    host: str = "127.0.0.1"
    port: Annotated[Integer, Field(ge=1, le=65535)] = 8080
    database_pool_size: Annotated[Integer, Field(ge=1)] = 10
    shorten_rate_limit_per_minute: Annotated[Integer, Field(ge=1)] = 60
