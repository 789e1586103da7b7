"""The WebSocket protocol: frames from clients, parsed strictly, and frames to them.

Every frame is JSON text. A frame that cannot be understood is answered
with an error frame naming what is wrong, never by closing the connection:
one client bug should not cost its user the session.
"""

import json
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .schemas import MAX_BODY_LENGTH, MessageBody, MessageOut

ErrorCode = Literal["bad_frame", "not_found", "not_member", "invalid"]


class FrameError(Exception):
    """A frame the server refuses; the client gets `{"type": "error", ...}` and stays connected."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ClientFrame(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True)

    room: int


class Join(ClientFrame):
    type: Literal["join"]


class Leave(ClientFrame):
    type: Literal["leave"]


class Say(ClientFrame):
    type: Literal["message"]
    body: MessageBody


_client_frame = TypeAdapter[Join | Leave | Say](
    Annotated[Join | Leave | Say, Field(discriminator="type")]
)
# Breaking one of these rules about the body is `invalid`; anything else about a frame is `bad_frame`.
_BODY_RULES = {"too_short", "too_long", "string_too_short", "string_too_long", "value_error"}


def parse(text: str) -> Join | Leave | Say:
    try:
        return _client_frame.validate_json(text)
    except ValidationError as error:
        errors = error.errors()
        code: ErrorCode = (
            "invalid" if all(e["type"] in _BODY_RULES for e in errors) else "bad_frame"
        )
        raise FrameError(code, _describe(errors[0])) from None


def _describe(error: ErrorDetails) -> str:
    # The first element of `loc` is the frame type the union picked; the rest names the field.
    field = ".".join(str(part) for part in error["loc"][1:])
    match error["type"]:
        case "json_invalid":
            return "the frame is not valid JSON"
        case "dict_type":
            return "a frame must be a JSON object"
        case "union_tag_not_found" | "union_tag_invalid":
            return "type must be one of join, leave, message"
        case "missing":
            return f"{field} is required"
        case "int_type":
            return f"{field} must be an integer"
        case "string_type":
            return f"{field} must be a string"
        case "too_short" | "string_too_short":
            return f"{field} must not be empty"
        case "too_long" | "string_too_long":
            return f"{field} must be at most {MAX_BODY_LENGTH} characters"
        case "value_error":
            return f"{field} {error.get('ctx', {}).get('error', 'is invalid')}"
        case _:
            return f"{field}: {error['msg']}"


def encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def history(room_id: int, messages: Iterable[MessageOut]) -> str:
    return encode(
        {
            "type": "history",
            "room": room_id,
            "messages": [message.model_dump(mode="json") for message in messages],
        }
    )


def presence(room_id: int, usernames: Iterable[str]) -> str:
    # A set first: a user with several connections is listed once.
    return encode({"type": "presence", "room": room_id, "users": sorted(set(usernames))})


def message(stored: MessageOut) -> str:
    return encode({"type": "message", **stored.model_dump(mode="json")})


def error(code: ErrorCode, text: str) -> str:
    return encode({"type": "error", "code": code, "message": text})
