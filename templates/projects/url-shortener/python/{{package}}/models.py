"""The one table: links, each with its short code and its visit count."""

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from .core.db import Base, BigId, UTCDateTime


class Link(Base):
    __tablename__ = "links"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    # Random codes and aliases share this column: the unique index keeps them apart,
    # and settles a race between two requests that pick the same code.
    short_code: Mapped[str] = mapped_column(String(32), unique=True)
    # Only ever changed by `access_count + 1` in SQL, never written back from Python.
    access_count: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
