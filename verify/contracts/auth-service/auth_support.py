"""Helpers shared by the auth-service contract tests: problem bodies, timestamps, JWTs.

Kept apart from conftest.py so tests can import them by name; the module name
is unique to this suite so it never shadows another suite's helpers.
"""

import base64
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

BASE_URL = os.environ.get("FOLIO_BASE_URL", "").rstrip("/")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
PASSWORD = "correct-horse-1"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def parse_timestamp(value: object) -> datetime:
    """A contract timestamp: RFC 3339, UTC, `Z`, exactly three fractional digits."""
    assert isinstance(value, str), f"bad timestamp {value!r}"
    assert TIMESTAMP.match(value), f"bad timestamp {value!r}"
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def assert_problem(response: httpx.Response, status: int, fields: tuple[str, ...] = ()) -> dict:
    """An RFC 9457 problem with `status`; on a 400, an `errors` array naming `fields`."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:500]}"
    )
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"content type {media_type!r}"
    body = response.json()
    for member in ("type", "title"):
        assert isinstance(body.get(member), str), body
        assert body[member], body
    assert body.get("status") == status, body
    assert isinstance(body.get("detail"), str), body
    assert "Traceback" not in response.text
    if status == 400:
        errors = body.get("errors")
        assert isinstance(errors, list), f"a 400 needs an errors array: {body}"
        assert errors, f"a 400 needs a non-empty errors array: {body}"
        for error in errors:
            assert isinstance(error.get("field"), str)
            assert isinstance(error.get("message"), str)
        named = {error["field"] for error in errors}
        for field in fields:
            assert any(name == field or name.endswith("." + field) for name in named), (
                f"no error names {field!r}: {errors}"
            )
    return body


def assert_user(user: dict, email: str | None = None, role: str = "user") -> None:
    assert set(user) >= {"id", "email", "name", "role", "createdAt"}, user
    assert isinstance(user["id"], int)
    assert not isinstance(user["id"], bool)
    assert user["role"] == role
    assert "password" not in json.dumps(user).lower(), "a user must not expose its password hash"
    if email is not None:
        assert user["email"] == email.lower()
    parse_timestamp(user["createdAt"])


def assert_tokens(tokens: dict) -> None:
    for kind in ("access", "refresh"):
        assert isinstance(tokens[kind]["token"], str)
        assert tokens[kind]["token"]
        assert parse_timestamp(tokens[kind]["expiresAt"]) > datetime.now(timezone.utc)
    assert tokens["access"]["token"] != tokens["refresh"]["token"]


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt_parts(token: str) -> tuple[dict, dict, bytes, bytes]:
    """Header, claims, signing input and signature of a compact JWS."""
    header, claims, signature = token.split(".")
    return (
        json.loads(b64url_decode(header)),
        json.loads(b64url_decode(claims)),
        f"{header}.{claims}".encode(),
        b64url_decode(signature),
    )


def verify_signature(jwk: dict, signing_input: bytes, signature: bytes) -> None:
    """Verify a JWS signature (EdDSA or RS256) against a JWK; AssertionError if it fails."""
    try:
        if jwk["kty"] == "OKP":
            key = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
            key.verify(signature, signing_input)
        else:
            numbers = rsa.RSAPublicNumbers(
                int.from_bytes(b64url_decode(jwk["e"]), "big"),
                int.from_bytes(b64url_decode(jwk["n"]), "big"),
            )
            numbers.public_key().verify(
                signature, signing_input, padding.PKCS1v15(), hashes.SHA256()
            )
    except InvalidSignature as error:
        raise AssertionError("signature does not verify with the JWKS key") from error


@dataclass
class Account:
    email: str
    password: str
    user: dict
    tokens: dict

    @property
    def access(self) -> str:
        return self.tokens["access"]["token"]

    @property
    def refresh(self) -> str:
        return self.tokens["refresh"]["token"]

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.access)


def register(api: httpx.Client, prefix: str = "user") -> Account:
    email = unique_email(prefix)
    response = api.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "name": "Contract Test"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert_user(body["user"], email)
    assert_tokens(body["tokens"])
    return Account(email, PASSWORD, body["user"], body["tokens"])


def all_users(api: httpx.Client, admin: Account) -> list[dict]:
    """Every user, read page by page as `admin`."""
    users: list[dict] = []
    for page in range(1, 1000):
        response = api.get("/users", params={"page": page, "limit": 100}, headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        users += body["data"]
        if page * 100 >= body["total"]:
            break
    return users


def set_role(api: httpx.Client, admin: Account, user_id: object, role: str) -> httpx.Response:
    return api.patch(f"/users/{user_id}", json={"role": role}, headers=admin.headers)
