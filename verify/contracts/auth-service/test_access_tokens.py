"""Access tokens: asymmetric JWTs whose key is published in the JWKS, and bearer failures.

The signature is verified with the JWKS key named by the token's kid, the
claims are checked, and a tampered token is refused by the server.
"""

import json
import time

import pytest

from auth_support import (
    Account,
    assert_problem,
    b64url_encode,
    bearer,
    env_int,
    jwt_parts,
    parse_timestamp,
    register,
    verify_signature,
)

KEY_TYPES = {"EdDSA": "OKP", "RS256": "RSA"}


@pytest.fixture(scope="module")
def account(api) -> Account:
    """One account for the module: these tests only read its tokens."""
    return register(api)


def _jwks(api) -> list[dict]:
    response = api.get("/.well-known/jwks.json")
    assert response.status_code == 200, response.text
    keys = response.json()["keys"]
    assert isinstance(keys, list)
    assert keys
    for key in keys:
        assert isinstance(key.get("kid"), str)
        assert key["kid"]
        assert key["kty"] in ("OKP", "RSA")
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key), "the JWKS leaks a private key"
    return keys


def test_access_token_is_signed_by_a_key_in_the_jwks_and_carries_the_claims(api, account):
    header, claims, signing_input, signature = jwt_parts(account.access)
    assert header.get("alg") in KEY_TYPES, header
    jwk = next((key for key in _jwks(api) if key["kid"] == header.get("kid")), None)
    assert jwk is not None, f"kid {header.get('kid')!r} is not in the JWKS"
    assert jwk["kty"] == KEY_TYPES[header["alg"]]
    if jwk["kty"] == "OKP":
        assert jwk.get("crv") == "Ed25519"
    verify_signature(jwk, signing_input, signature)

    assert str(claims["sub"]) == str(account.user["id"])
    assert claims["role"] == "user"
    assert isinstance(claims["iss"], str)
    assert claims["iss"]
    assert isinstance(claims["iat"], int)
    assert isinstance(claims["exp"], int)
    assert abs(claims["iat"] - time.time()) < 30
    assert claims["exp"] - claims["iat"] == pytest.approx(
        env_int("ACCESS_TOKEN_TTL_SECONDS", 900), abs=2
    )
    expires_at = parse_timestamp(account.tokens["access"]["expiresAt"]).timestamp()
    assert expires_at == pytest.approx(claims["exp"], abs=1.5)


def test_tampered_token_is_401(api, account):
    _header, claims, _, _ = jwt_parts(account.access)
    encoded_header, _, signature = account.access.split(".")
    forged_claims = b64url_encode(json.dumps(claims | {"role": "admin"}).encode())
    forged = f"{encoded_header}.{forged_claims}.{signature}"
    assert_problem(api.get("/users/me", headers=bearer(forged)), 401)
    assert_problem(api.get("/users", headers=bearer(forged)), 401)


def test_unsigned_token_is_401(api, account):
    _, claims, _, _ = jwt_parts(account.access)
    unsigned_header = b64url_encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    unsigned = f"{unsigned_header}.{b64url_encode(json.dumps(claims).encode())}."
    assert_problem(api.get("/users/me", headers=bearer(unsigned)), 401)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not.a.jwt"},
        {"Authorization": "Bearer abc"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
    ids=["missing", "empty", "garbage", "one-part", "basic"],
)
def test_missing_or_malformed_bearer_is_401(api, headers):
    assert_problem(api.get("/users/me", headers=headers), 401)


def test_refresh_token_is_not_an_access_token(api, account):
    assert_problem(api.get("/users/me", headers=bearer(account.refresh)), 401)
