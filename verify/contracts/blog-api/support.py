"""What every blog-api test shares: RealWorld's wrapped bodies and `Token` scheme,
its `{"errors":{field:[messages]}}` error shape, timestamps, the shapes of a user,
profile, article and comment, and clients that each come from their own loopback
address (register and login are limited per address).

The suite checks what RealWorld's own collection (the `collection` column) does
not: roles, 403 against 404, slugs, tags, pagination bounds, concurrency, error
shapes, CORS and the rate limit.
"""

import os
import uuid
from typing import Any

import httpx
from timestamps import assert_recent, parse_timestamp
from clients import BASE_URL, new_client

AUTH_LIMIT = int(os.environ.get("AUTH_RATE_LIMIT_PER_MINUTE", "20"))
ADMIN_EMAIL = os.environ["ADMIN_EMAIL"]
ADMIN_PASSWORD = os.environ["ADMIN_PASSWORD"]
PASSWORD = "correct horse battery staple"

USER_KEYS = {"email", "token", "username", "bio", "image", "role"}
PROFILE_KEYS = {"username", "bio", "image", "following"}
ARTICLE_KEYS = {
    "slug", "title", "description", "body", "tagList", "createdAt", "updatedAt", "favorited", "favoritesCount", "author",
}  # fmt: skip
COMMENT_KEYS = {"id", "createdAt", "updatedAt", "body", "author"}
ADMIN_VIEW_KEYS = {"username", "email", "role", "createdAt"}
ROLES = ("author", "moderator", "admin")
# Text that betrays an internal error leaking out.
LEAKS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3.", "SELECT ", "INSERT INTO", "node_modules", "goroutine")


def unique_name(prefix: str = "user") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def token(value: str) -> dict[str, str]:
    """RealWorld's scheme: `Authorization: Token <jwt>`."""
    return {"Authorization": f"Token {value}"}


def assert_json(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/json", f"Content-Type {media_type!r}, expected application/json"
    return response.json()


def assert_errors(response: httpx.Response, status: int, fields: set[str] | None = None) -> dict[str, list[str]]:
    """RealWorld's error shape, for every failure (its front ends show `errors` whatever the status):
    `{"errors":{"<field>":["<message>", …]}}`, naming at least `fields`."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    for leak in LEAKS:
        assert leak not in response.text, f"the error leaks internals ({leak!r}): {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/json", f"Content-Type {media_type!r}, expected application/json"
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"errors"}, f"expected {{'errors': {{…}}}}, got {body}"
    errors = body["errors"]
    assert isinstance(errors, dict) and errors, f"`errors` is not a non-empty object: {body}"
    for field, messages in errors.items():
        assert isinstance(messages, list) and messages, f"errors.{field} is not a non-empty list: {body}"
        assert all(isinstance(m, str) and m for m in messages), f"errors.{field} holds a non-string: {body}"
    missing = (fields or set()) - set(errors)
    assert not missing, f"`errors` does not name {sorted(missing)}: {body}"
    return errors


def assert_user(user: Any) -> dict[str, Any]:
    assert isinstance(user, dict) and set(user) == USER_KEYS, f"a user has exactly {sorted(USER_KEYS)}: {user}"
    assert isinstance(user["token"], str) and user["token"], user
    assert user["role"] in ROLES, user
    assert user["bio"] is None or isinstance(user["bio"], str), user
    assert user["image"] is None or isinstance(user["image"], str), user
    return user


def assert_profile(profile: Any) -> dict[str, Any]:
    assert isinstance(profile, dict) and set(profile) == PROFILE_KEYS, (
        f"a profile has exactly {sorted(PROFILE_KEYS)}: {profile}"
    )
    assert type(profile["following"]) is bool, profile
    return profile


def assert_article(article: Any, *, listed: bool = False) -> dict[str, Any]:
    keys = ARTICLE_KEYS - {"body"} if listed else ARTICLE_KEYS
    assert isinstance(article, dict) and set(article) == keys, f"an article has exactly {sorted(keys)}: {article}"
    assert isinstance(article["tagList"], list) and article["tagList"] == sorted(article["tagList"]), (
        f"tagList is not returned sorted: {article}"
    )
    assert type(article["favorited"]) is bool and type(article["favoritesCount"]) is int, article
    assert_recent(article["createdAt"])
    assert_recent(article["updatedAt"])
    assert_profile(article["author"])
    return article


def assert_comment(comment: Any) -> dict[str, Any]:
    assert isinstance(comment, dict) and set(comment) == COMMENT_KEYS, (
        f"a comment has exactly {sorted(COMMENT_KEYS)}: {comment}"
    )
    assert type(comment["id"]) is int, comment
    assert_recent(comment["createdAt"])
    assert_profile(comment["author"])
    return comment


class Account:
    """A registered user: its name, email, role and `Token` headers."""

    def __init__(self, user: dict[str, Any]):
        self.username: str = user["username"]
        self.email: str = user["email"]
        self.role: str = user["role"]
        self.headers = token(user["token"])


def register(client: httpx.Client, prefix: str = "user") -> Account:
    name = unique_name(prefix)
    body = {"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}}
    user = assert_user(assert_json(client.post("/api/users", json=body), 201)["user"])
    assert user["username"] == name and user["email"] == f"{name}@example.com" and user["role"] == "author", user
    return Account(user)


def login(client: httpx.Client, email: str, password: str) -> Account:
    body = {"user": {"email": email, "password": password}}
    return Account(assert_user(assert_json(client.post("/api/users/login", json=body), 200)["user"]))


def create_article(
    client: httpx.Client, account: Account, title: str | None = None, tags: list[str] | None = None
) -> dict[str, Any]:
    article: dict[str, Any] = {
        "title": title or f"Verify {uuid.uuid4().hex[:8]}",
        "description": "What the suite checks",
        "body": "Every rule of the contract, from outside.",
    }
    if tags is not None:
        article["tagList"] = tags
    response = client.post("/api/articles", json={"article": article}, headers=account.headers)
    return assert_article(assert_json(response, 201)["article"])


def set_role(client: httpx.Client, admin: Account, username: str, role: str) -> httpx.Response:
    return client.put(f"/api/admin/users/{username}/role", json={"role": role}, headers=admin.headers)
