"""Checks every todo-api test shares: problem details, timestamps, the todo
shape, and clients that each come from their own loopback address.

The server limits register and login per client address. Every client made
here binds a fresh source address in 127.0.0.0/8 (all of it is loopback on
Linux), so each test has its own budget and the rate-limit tests can count
from zero, whatever ran before them.
"""

import os
import uuid
from typing import Any

import httpx
from timestamps import assert_recent, parse_timestamp
from clients import BASE_URL, new_client

AUTH_LIMIT = int(os.environ.get("AUTH_RATE_LIMIT_PER_MINUTE", "20"))
PASSWORD = "correct horse battery staple"

TODO_KEYS = {"id", "title", "description", "completed", "createdAt", "updatedAt"}
# Text that betrays an internal error leaking out.
LEAKS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3.", "SELECT ", "INSERT INTO", "node_modules")


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def register(client: httpx.Client, email: str | None = None, name: str = "Ada") -> dict[str, str]:
    """Register a new account and return headers authenticating as it."""
    response = client.post("/register", json={"name": name, "email": email or unique_email(), "password": PASSWORD})
    assert response.status_code == 201, response.text
    return bearer(response.json()["token"])


def post_raw(client: httpx.Client, path: str, content: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    return client.post(path, content=content, headers={"Content-Type": "application/json", **(headers or {})})


def assert_json(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/json", f"Content-Type {media_type!r}, expected application/json"
    return response.json()


def assert_problem(
    response: httpx.Response, status: int, fields: set[str] | None = None, *, detail: bool = True
) -> dict[str, Any]:
    """An RFC 9457 problem with this status; for 400 an `errors` array naming at least `fields`.

    `detail` is optional in RFC 9457 but the contract's errors carry one; only
    answers outside the contract's rows (an unknown route) may leave it out.
    """
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"Content-Type {media_type!r}, expected application/problem+json"
    body = response.json()
    assert isinstance(body, dict), body
    assert isinstance(body.get("type"), str) and body["type"], f"problem without a `type`: {body}"
    assert isinstance(body.get("title"), str) and body["title"], f"problem without a `title`: {body}"
    assert body.get("status") == status and type(body["status"]) is int, f"problem `status` is not {status}: {body}"
    if detail or "detail" in body:
        assert isinstance(body.get("detail"), str) and body["detail"], f"problem without a `detail`: {body}"
    for leak in LEAKS:
        assert leak not in response.text, f"the problem leaks internals ({leak!r}): {response.text}"
    if status == 400:
        errors = body.get("errors")
        assert isinstance(errors, list) and errors, f"a 400 without an `errors` array: {body}"
        for error in errors:
            assert isinstance(error, dict), f"an `errors` item is not an object: {error}"
            assert isinstance(error.get("field"), str) and error["field"], f"an error without `field`: {error}"
            assert isinstance(error.get("message"), str) and error["message"], f"an error without `message`: {error}"
        named = {error["field"] for error in errors}
        missing = (fields or set()) - named
        assert not missing, f"`errors` does not name {sorted(missing)}: {errors}"
    return body


def assert_todo(todo: Any) -> dict[str, Any]:
    assert isinstance(todo, dict), todo
    assert set(todo) == TODO_KEYS, f"a todo has exactly {sorted(TODO_KEYS)}, got {sorted(todo)}"
    assert type(todo["id"]) is int, todo
    assert isinstance(todo["title"], str), todo
    assert isinstance(todo["description"], str), todo
    assert type(todo["completed"]) is bool, todo
    created = assert_recent(todo["createdAt"])
    updated = assert_recent(todo["updatedAt"])
    assert updated >= created, f"updatedAt before createdAt: {todo}"
    return todo


def create_todo(
    client: httpx.Client, headers: dict[str, str], title: str, description: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"title": title}
    if description is not None:
        body["description"] = description
    return assert_todo(assert_json(client.post("/todos", json=body, headers=headers), 201))
