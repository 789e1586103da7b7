"""Request and response bodies.

Request models are strict: `5` is not a name and `null` is not a password,
they are 400. JSON field names are camelCase.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.fields import PlainText
from .core.timestamps import Timestamp

USERNAME_PATTERN = r"^[A-Za-z0-9_]{3,32}$"
MAX_BODY_LENGTH = 2000


def _valid_username(value: str) -> str:
    if not re.fullmatch(USERNAME_PATTERN, value):
        raise ValueError("must be 3 to 32 letters, digits or underscores")
    return value


# The pattern tells clients and fuzzers the rule; the validator gives the 400 a readable message.
Username = Annotated[
    str, Field(json_schema_extra={"pattern": USERNAME_PATTERN}), AfterValidator(_valid_username)
]
RoomName = Annotated[PlainText, Field(min_length=1, max_length=64)]
MessageBody = Annotated[PlainText, Field(min_length=1, max_length=MAX_BODY_LENGTH)]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced."""

    model_config = ConfigDict(strict=True)


class Register(StrictBody):
    username: Username
    password: Annotated[PlainText, Field(min_length=8, max_length=256)]


class Login(StrictBody):
    username: Username
    # No minimum beyond non-empty: a password too short to exist is wrong (401), not malformed.
    password: Annotated[PlainText, Field(min_length=1, max_length=256)]


class Token(BaseModel):
    token: str


class RoomCreate(StrictBody):
    name: RoomName


class CamelCaseOut(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=False,
        validate_by_name=True,
        serialize_by_alias=True,
    )


class RoomOut(CamelCaseOut):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: Timestamp


class RoomList(BaseModel):
    data: list[RoomOut]


class MessageOut(CamelCaseOut):
    """A stored message; WebSocket frames and history pages carry the same shape."""

    id: int
    room: int
    user: str
    body: str
    created_at: Timestamp


class MessagePage(BaseModel):
    data: list[MessageOut]
