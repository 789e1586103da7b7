"""Field types of job requests that Pydantic's strict mode does not give as the contract wants.

- `RunAt`: an RFC 3339 timestamp. Strict mode takes no string for a
  datetime, and `fromisoformat` alone would also take a date without a time
  or an offset, so the text is checked and parsed here.
- `json_size`: any JSON value, up to a size counted in bytes of its JSON
  encoding, and only what JSON can carry (Python's parser also reads NaN).
- `integral`: an integer, where `30.0` counts, as it does in JSON Schema.
"""

import json
import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainValidator, WithJsonSchema

RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", re.ASCII)


def _timestamp(value: object) -> datetime:
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 timestamp, e.g. 2026-11-21T14:03:07.123Z")
    try:
        moment = datetime.fromisoformat(value.upper()).astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValueError("must be a valid date and time between the years 1 and 9999") from None
    # Stored as shown: whole milliseconds.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


# Optional, but never null: the validator, which refuses None, replaces Pydantic's.
RunAt = Annotated[
    datetime | None,
    PlainValidator(_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def json_size(limit: int) -> AfterValidator:
    def check(value: Any) -> Any:
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            size = len(encoded.encode())
        except UnicodeEncodeError:
            # A JSON escape such as "\ud800" decodes to a lone surrogate, which no
            # response could encode.
            raise ValueError("must not contain lone surrogates") from None
        except ValueError:
            raise ValueError("must not contain NaN or Infinity") from None
        if size > limit:
            raise ValueError(f"must be at most {limit} bytes as JSON, not {size}")
        return value

    return AfterValidator(check)


def _integral(value: object) -> object:
    # JSON has one number type: 30.0 is the integer 30, as JSON Schema (and so
    # the OpenAPI document) says, while 30.5, "30" and true are not integers.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# List it after the constraints, as in `Annotated[int, Field(ge=1), integral]`,
# so that they still show in the schema.
integral = BeforeValidator(_integral)
