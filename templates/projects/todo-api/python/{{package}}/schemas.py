"""Request and response bodies.

Request models are strict: `"5"` is not an integer and `"yes"` is not a
boolean, they are 400. JSON field names are camelCase.
"""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.fields import PlainText
from .core.timestamps import Timestamp

# Deliberately loose: one @, no spaces or control characters, a dot in the
# domain. Real validation is a confirmation mail; this only catches typos.
EMAIL_PATTERN = r"^[^@ \x00-\x1f\x7f]+@[^@ \x00-\x1f\x7f]+\.[^@ \x00-\x1f\x7f]+$"


def _valid_email(value: str) -> str:
    if not re.fullmatch(EMAIL_PATTERN, value):
        raise ValueError("must be an email address")
    return value.lower()


Email = Annotated[
    PlainText,
    Field(max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN}),
    AfterValidator(_valid_email),
]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced."""

    model_config = ConfigDict(strict=True)


class Register(StrictBody):
    name: Annotated[PlainText, Field(min_length=1, max_length=200)]
    email: Email
    password: Annotated[PlainText, Field(min_length=8, max_length=256)]


class Login(StrictBody):
    email: Email
    # No minimum beyond non-empty: a password too short to exist is wrong (401), not malformed.
    password: Annotated[PlainText, Field(min_length=1, max_length=256)]


class Token(BaseModel):
    token: str


class TodoCreate(StrictBody):
    title: Annotated[PlainText, Field(min_length=1, max_length=200)]
    description: Annotated[PlainText, Field(max_length=2000)] = ""


def _omitted_means_unchanged(schema: dict[str, Any]) -> None:
    for field in schema["properties"].values():
        field.pop("default", None)


class TodoUpdate(StrictBody):
    """A PUT body: an omitted field keeps its value (see `model_fields_set`)."""

    model_config = ConfigDict(json_schema_extra=_omitted_means_unchanged)

    title: Annotated[PlainText, Field(min_length=1, max_length=200)]
    description: Annotated[PlainText, Field(max_length=2000)] = ""
    completed: bool = False


class TodoOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        validate_by_alias=False,
        validate_by_name=True,
        serialize_by_alias=True,
    )

    id: int
    title: str
    description: str
    completed: bool
    created_at: Timestamp
    updated_at: Timestamp


class TodoPage(BaseModel):
    data: list[TodoOut]
    page: int
    limit: int
    total: int


TodoSort = Literal["createdAt", "-createdAt", "title", "-title"]
