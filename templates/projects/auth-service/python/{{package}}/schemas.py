"""Request and response bodies.

Request models are strict: `5` is not a string and `null` is not a value,
both are 400. JSON field names are camelCase.
"""

import re
import string
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.fields import PlainText
from .core.timestamps import Timestamp

Role = Literal["user", "admin"]

# Deliberately loose: one @, no spaces or control characters, a dot in the
# domain. Real validation is a confirmation mail; this only catches typos.
EMAIL_PATTERN = r"^[^@ \x00-\x1f\x7f]+@[^@ \x00-\x1f\x7f]+\.[^@ \x00-\x1f\x7f]+$"

# The password rule as a schema pattern, so clients and fuzzers know it: no
# NUL, and somewhere an ASCII letter and a digit, in either order. It says
# exactly what `_strong_enough` checks, in a syntax every regex engine shares.
LETTER_AND_DIGIT_PATTERN = r"^[^\x00]*([A-Za-z][^\x00]*[0-9]|[0-9][^\x00]*[A-Za-z])[^\x00]*$"


def _valid_email(value: str) -> str:
    if not re.fullmatch(EMAIL_PATTERN, value):
        raise ValueError("must be an email address")
    return value.lower()


def _strong_enough(value: str) -> str:
    if not (set(value) & set(string.ascii_letters) and set(value) & set(string.digits)):
        raise ValueError("must contain both a letter (A-Z or a-z) and a digit")
    return value


Email = Annotated[
    PlainText,
    Field(max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN}),
    AfterValidator(_valid_email),
]

NewPassword = Annotated[
    PlainText,
    Field(min_length=8, max_length=256, json_schema_extra={"pattern": LETTER_AND_DIGIT_PATTERN}),
    AfterValidator(_strong_enough),
]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced, fields are camelCase."""

    model_config = ConfigDict(strict=True, alias_generator=to_camel)


class Register(StrictBody):
    email: Email
    password: NewPassword
    name: Annotated[PlainText, Field(min_length=1, max_length=200)]


class Login(StrictBody):
    email: Email
    # No rule beyond non-empty: a password too weak to exist is wrong (401), not malformed.
    password: Annotated[PlainText, Field(min_length=1, max_length=256)]


class AdminAccount(StrictBody):
    """The first admin, read from ADMIN_EMAIL and ADMIN_PASSWORD: the same rules as sign-up."""

    email: Email
    password: NewPassword


class RefreshTokenBody(StrictBody):
    refresh_token: Annotated[PlainText, Field(min_length=1, max_length=512)]


class RoleChange(StrictBody):
    role: Role


class ResponseBody(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        validate_by_alias=False,
        validate_by_name=True,
        serialize_by_alias=True,
    )


class UserOut(ResponseBody):
    id: int
    email: str
    name: str
    role: Role
    created_at: Timestamp


class TokenOut(ResponseBody):
    token: str
    expires_at: Timestamp


class TokenPair(ResponseBody):
    access: TokenOut
    refresh: TokenOut


class Tokens(ResponseBody):
    tokens: TokenPair


class UserWithTokens(ResponseBody):
    user: UserOut
    tokens: TokenPair


class UserPage(ResponseBody):
    data: list[UserOut]
    page: int
    limit: int
    total: int


class Jwk(ResponseBody):
    kty: Literal["OKP"]
    crv: Literal["Ed25519"]
    x: str
    kid: str
    alg: Literal["EdDSA"]
    use: Literal["sig"]


class JwkSet(ResponseBody):
    keys: list[Jwk]
