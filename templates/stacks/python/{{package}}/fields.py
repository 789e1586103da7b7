"""Field types for request bodies and query strings that every project needs.

Every text a client sends may end up in the database. PostgreSQL cannot
store NUL characters, and no database can store the lone UTF-16 surrogates
that a JSON escape can spell, so both are refused at the door on every
backend alike. The pattern tells clients and fuzzers about NUL through the schema.

Query strings are text, so their integers and booleans are parsed, but only
from their plain spellings: `1.0`, `1e3` or `yes` is a 400, as in a JSON body.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field


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


def _query_int(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    raise ValueError("must be an integer")


def _query_bool(value: object) -> object:
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false")


# Validators for query parameters. List them after the constraints, as in
# `Annotated[int, Query(ge=1), query_int]`: a constraint placed after a
# validator still holds but no longer shows in the schema as a minimum.
query_int = BeforeValidator(_query_int)
query_bool = BeforeValidator(_query_bool)
