"""Everything the three processes read from their environment, read once at start-up.

The API, the relay and the consumer share one `Settings`, so that they agree on
the database, the stream, the claim timeout and the dead-letter threshold. Each
field is the variable of the same name in upper case (`CLAIM_IDLE_MS`), from the
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
    # The broker: redis://[user:password@]host:port[/database].
    redis_url: str = "redis://127.0.0.1:6379/0"
    # A message delivered and not acknowledged for this long is claimed by another
    # consumer: longer than the slowest handler, or a slow message runs twice at once.
    claim_idle_ms: Annotated[Integer, Field(ge=100, le=24 * 3600 * 1000)] = 30_000
    # Deliveries before a message goes to the dead-letter stream `orders.dead`.
    max_deliveries: Annotated[Integer, Field(ge=1, le=1000)] = 5
    # How often the relay looks at the outbox when the last look found nothing.
    relay_poll_ms: Annotated[Integer, Field(ge=10, le=60_000)] = 200
    # The streams' approximate cap: Redis keeps them in memory, so this is their retention.
    stream_max_length: Annotated[Integer, Field(ge=1000, le=1_000_000_000)] = 100_000
    # This consumer's name in its groups; by default the host name and process id.
    consumer_name: str = ""
