"""Request and response bodies, and the short code in a path.

Request models are strict: a number is not a URL and `null` is not an alias,
both are 400. JSON field names are camelCase.
"""

import re
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from .codes import CODE_PATTERN, RESERVED_WORDS
from .core.fields import PlainText
from .core.timestamps import Timestamp

# An absolute http(s) URL, checked as a whole so that the OpenAPI document can
# state the same rule. Spaces and control characters are refused everywhere,
# since they cannot travel in a Location header. The host is a name or an IPv4
# address: `user:password@` in front of it is refused, being a classic disguise
# (`https://bank.example@evil.example/`), and so are IPv6 literals. Characters
# beyond ASCII are fine; the redirect percent-encodes them.
URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://"  # the scheme, in any case
    r"[^\x00-\x20\x7f#%/:<>?@\[\\\]^|]+"  # the host
    r"(:[0-9]{1,5})?"  # the port
    r"([/?#][^\x00-\x20\x7f]*)?$"  # path, query and fragment
)


def _absolute_http_url(value: str) -> str:
    if not re.fullmatch(URL_PATTERN, value):
        raise ValueError("must be an absolute http or https URL, without spaces or user:password@")
    return value


Url = Annotated[
    PlainText,
    Field(max_length=2048, json_schema_extra={"pattern": URL_PATTERN}),
    AfterValidator(_absolute_http_url),
]


def _allowed_alias(value: str) -> str:
    if not re.fullmatch(CODE_PATTERN, value):
        raise ValueError("must contain only letters, digits, '_' and '-'")
    if value in RESERVED_WORDS:
        raise ValueError(f"is reserved: /{value} is a route of this API")
    return value


Alias = Annotated[
    str,
    Field(
        min_length=3,
        max_length=32,
        json_schema_extra={"pattern": CODE_PATTERN, "not": {"enum": sorted(RESERVED_WORDS)}},
    ),
    AfterValidator(_allowed_alias),
]

# A code that no link can have is simply not found (404), like any unknown code.
ShortCode = Annotated[str, Path(pattern=CODE_PATTERN, description="a short code or alias")]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced."""

    model_config = ConfigDict(strict=True)


def _absent_but_never_null(schema: dict[str, Any]) -> None:
    (branch,) = [branch for branch in schema.pop("anyOf") if branch != {"type": "null"}]
    schema.update(branch)
    del schema["default"]


class LinkCreate(StrictBody):
    url: Url
    # Leave it out for a random code. Typed `| None` for the omitted case only:
    # the schema shows a plain string and the validator refuses an explicit null.
    alias: Alias | None = Field(default=None, json_schema_extra=_absent_but_never_null)

    @field_validator("alias", mode="before")
    @classmethod
    def _alias_is_not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("must be a string, not null")
        return value


class LinkUpdate(StrictBody):
    url: Url


class LinkOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        validate_by_alias=False,
        validate_by_name=True,
        serialize_by_alias=True,
    )

    id: int
    url: str
    short_code: str
    created_at: Timestamp
    updated_at: Timestamp


class LinkStats(LinkOut):
    access_count: int
