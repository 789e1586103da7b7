"""Request and response bodies, wrapped as RealWorld wraps them (`{"user": {…}}`).

Request models are strict: `5` is not a string and `null` is not a value
for a field that has to be one; every broken rule is a 422 naming the field
(`core/realworld.py`). JSON field names are camelCase.
"""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.fields import PlainText
from .core.timestamps import Timestamp

# Usernames end up in paths (/api/profiles/{username}), so they keep to
# characters no URL needs to escape, and are never "." or "..".
USERNAME_PATTERN = r"^[A-Za-z0-9_-]+$"
# Deliberately loose: one @, no spaces or control characters, a dot in the
# domain. Real validation is a confirmation mail; this only catches typos.
EMAIL_PATTERN = r"^[^@ \x00-\x1f\x7f]+@[^@ \x00-\x1f\x7f]+\.[^@ \x00-\x1f\x7f]+$"
# A password of 8 characters or more; on an update, empty keeps the old one.
MIN_PASSWORD = 8
MAX_TAGS = 10


def _valid_username(value: str) -> str:
    if not re.fullmatch(USERNAME_PATTERN, value):
        raise ValueError("may only contain letters, digits, _ and -")
    return value


def _valid_email(value: str) -> str:
    if not re.fullmatch(EMAIL_PATTERN, value):
        raise ValueError("is invalid")
    return value.lower()


def _text(min_length: int, max_length: int) -> Any:
    return Field(min_length=min_length, max_length=max_length)


Username = Annotated[
    PlainText,
    _text(1, 32),
    Field(json_schema_extra={"pattern": USERNAME_PATTERN}),
    AfterValidator(_valid_username),
]
Email = Annotated[
    PlainText,
    _text(1, 254),
    Field(json_schema_extra={"pattern": EMAIL_PATTERN}),
    AfterValidator(_valid_email),
]
Password = Annotated[PlainText, _text(MIN_PASSWORD, 256)]
Title = Annotated[PlainText, _text(1, 200)]
Description = Annotated[PlainText, _text(1, 1000)]
ArticleBody = Annotated[PlainText, _text(1, 100_000)]
Tag = Annotated[PlainText, _text(1, 32)]
TagList = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
Role = Literal["author", "moderator", "admin"]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced."""

    model_config = ConfigDict(strict=True)


def _omitted_means_unchanged(schema: dict[str, Any]) -> None:
    for field in schema["properties"].values():
        field.pop("default", None)


class Changes(StrictBody):
    """An update: an omitted field keeps its value (see `model_fields_set`)."""

    model_config = ConfigDict(json_schema_extra=_omitted_means_unchanged)


class NewUser(StrictBody):
    username: Username
    email: Email
    password: Password


class RegisterBody(StrictBody):
    user: NewUser


class Credentials(StrictBody):
    email: Annotated[PlainText, _text(1, 254)]
    # No minimum beyond non-empty: a password too short to exist is wrong (401), not malformed.
    password: Annotated[PlainText, _text(1, 256)]


class LoginBody(StrictBody):
    user: Credentials


class UserChanges(Changes):
    username: Username = ""
    email: Email = ""
    password: Annotated[
        PlainText,
        Field(
            max_length=256,
            description="At least 8 characters; empty keeps the current password.",
            json_schema_extra={"pattern": r"^([^\x00]{8,}|)$"},
        ),
    ] = ""
    bio: Annotated[PlainText, _text(0, 1000)] | None = None
    image: Annotated[PlainText, _text(0, 2000)] | None = None


class UpdateUserBody(StrictBody):
    user: UserChanges


class NewArticle(StrictBody):
    title: Title
    description: Description
    body: ArticleBody
    tag_list: TagList = Field(default_factory=list, alias="tagList")


class NewArticleBody(StrictBody):
    article: NewArticle


class ArticleChanges(Changes):
    title: Title = ""
    description: Description = ""
    body: ArticleBody = ""
    tag_list: TagList = Field(default_factory=list, alias="tagList")


class UpdateArticleBody(StrictBody):
    article: ArticleChanges


class NewComment(StrictBody):
    body: Annotated[PlainText, _text(1, 10_000)]


class NewCommentBody(StrictBody):
    comment: NewComment


class RoleChange(StrictBody):
    role: Role


class Out(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        validate_by_alias=False,
        validate_by_name=True,
        serialize_by_alias=True,
    )


class UserOut(Out):
    """RealWorld's user: the account as its owner sees it, with a token."""

    email: str
    token: str
    username: str
    bio: str | None
    image: str | None
    role: Role


class UserResponse(BaseModel):
    user: UserOut


class Profile(Out):
    username: str
    bio: str | None
    image: str | None
    following: bool


class ProfileResponse(BaseModel):
    profile: Profile


class ListedArticle(Out):
    """An article in a list: everything but its body."""

    slug: str
    title: str
    description: str
    tag_list: list[str]
    created_at: Timestamp
    updated_at: Timestamp
    favorited: bool
    favorites_count: int
    author: Profile


class ArticleOut(ListedArticle):
    body: str


class ArticleResponse(BaseModel):
    article: ArticleOut


class ArticlePage(Out):
    articles: list[ListedArticle]
    articles_count: int


class CommentOut(Out):
    id: int
    created_at: Timestamp
    updated_at: Timestamp
    body: str
    author: Profile


class CommentResponse(BaseModel):
    comment: CommentOut


class CommentList(BaseModel):
    comments: list[CommentOut]


class TagsResponse(BaseModel):
    tags: list[str]


class AdminUser(Out):
    """What an admin sees of each user."""

    username: str
    email: str
    role: Role
    created_at: Timestamp


class AdminUserPage(Out):
    users: list[AdminUser]
    users_count: int
