"""Text fields for request bodies that every project needs.

Every text a client sends may end up in the database. PostgreSQL cannot
store NUL characters, and no database can store the lone UTF-16 surrogates
that a JSON escape can spell, so both are refused at the door on every
backend alike. The pattern tells clients and fuzzers about NUL through the schema.
"""

from typing import Annotated

from pydantic import AfterValidator, Field


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:
            # A JSON escape such as "\ud800" decodes to a lone surrogate.
            raise ValueError("must not contain lone surrogates") from None
    return value


# Combine with Field(min_length=..., max_length=...); lengths count code points.
PlainText = Annotated[
    str,
    AfterValidator(_storable),
    Field(json_schema_extra={"pattern": r"^[^\x00]*$"}),
]
