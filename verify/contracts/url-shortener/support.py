"""Checks every url-shortener test shares: problem details, timestamps, the
link shape, and clients that each come from their own loopback address.

The server limits POST /shorten per client. Every client made here binds a
fresh source address in 127.0.0.0/8 (all of it is loopback on Linux), so each
test has its own budget and the rate-limit test can count from zero.
"""

import os
import re
import uuid
from typing import Any

import httpx
from timestamps import assert_recent, parse_timestamp
from clients import BASE_URL, new_client

SHORTEN_LIMIT = int(os.environ.get("SHORTEN_RATE_LIMIT_PER_MINUTE", "60"))

RANDOM_CODE = re.compile(r"^[A-Za-z0-9]{6,10}$")
LINK_KEYS = {"id", "url", "shortCode", "createdAt", "updatedAt"}
STATS_KEYS = LINK_KEYS | {"accessCount"}
# Text that betrays an internal error leaking out.
LEAKS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3.", "SELECT ", "INSERT INTO", "node_modules")


def unique_alias(prefix: str = "a") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def unique_url() -> str:
    return f"https://example.com/{uuid.uuid4().hex}"


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


def assert_link(link: Any, keys: set[str] = LINK_KEYS) -> dict[str, Any]:
    assert isinstance(link, dict), link
    assert set(link) == keys, f"expected exactly {sorted(keys)}, got {sorted(link)}"
    assert type(link["id"]) is int, link
    assert isinstance(link["url"], str) and isinstance(link["shortCode"], str), link
    created = assert_recent(link["createdAt"])
    updated = assert_recent(link["updatedAt"])
    assert updated >= created, f"updatedAt before createdAt: {link}"
    if "accessCount" in keys:
        assert type(link["accessCount"]) is int and link["accessCount"] >= 0, link
    return link


def shorten(client: httpx.Client, url: str | None = None, alias: str | None = None) -> dict[str, Any]:
    body = {"url": url or unique_url()}
    if alias is not None:
        body["alias"] = alias
    link = assert_link(assert_json(client.post("/shorten", json=body), 201))
    assert link["url"] == body["url"], f"the URL was not stored exactly: sent {body['url']!r}, got {link['url']!r}"
    return link


def stats(client: httpx.Client, code: str) -> dict[str, Any]:
    return assert_link(assert_json(client.get(f"/shorten/{code}/stats"), 200), STATS_KEYS)
