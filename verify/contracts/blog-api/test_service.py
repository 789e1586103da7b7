"""Probes, the OpenAPI document, CORS for a RealWorld front end on another origin, unknown routes."""

import httpx
import pytest

from support import Account, assert_errors, assert_json

CONTRACT_PATHS = {
    "/api/users", "/api/users/login", "/api/user", "/api/profiles/{username}", "/api/profiles/{username}/follow",
    "/api/articles", "/api/articles/feed", "/api/articles/{slug}", "/api/articles/{slug}/favorite",
    "/api/articles/{slug}/comments", "/api/articles/{slug}/comments/{id}", "/api/tags",
    "/api/admin/users", "/api/admin/users/{username}/role",
}  # fmt: skip
FRONT_END = "http://localhost:4200"


def test_probes(client: httpx.Client) -> None:
    assert assert_json(client.get("/healthz"), 200) == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_the_document_lists_every_route(client: httpx.Client) -> None:
    document = assert_json(client.get("/openapi.json"), 200)
    assert str(document.get("openapi", "")).startswith("3."), document.get("openapi")
    paths = {path.replace("{commentId}", "{id}") for path in document["paths"]}
    assert CONTRACT_PATHS <= paths, f"missing from /openapi.json: {sorted(CONTRACT_PATHS - paths)}"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_preflight_from_another_origin_is_allowed(client: httpx.Client, method: str) -> None:
    response = client.options(
        "/api/articles",
        headers={
            "Origin": FRONT_END,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert response.status_code in (200, 204), response.text
    allowed_origin = response.headers.get("access-control-allow-origin")
    assert allowed_origin in ("*", FRONT_END), response.headers
    methods = response.headers.get("access-control-allow-methods", "").upper()
    assert method in methods or methods == "*", response.headers
    headers = response.headers.get("access-control-allow-headers", "").lower()
    assert headers == "*" or {"authorization", "content-type"} <= {h.strip() for h in headers.split(",")}, (
        response.headers
    )


def test_answers_carry_the_allow_origin_header(client: httpx.Client, alice: Account) -> None:
    response = client.get("/api/tags", headers={"Origin": FRONT_END})
    assert response.headers.get("access-control-allow-origin") in ("*", FRONT_END), response.headers
    failed = client.get("/api/user", headers={"Origin": FRONT_END})
    assert failed.status_code == 401
    assert failed.headers.get("access-control-allow-origin") in ("*", FRONT_END), "a front end must read its 401s"


def test_an_unknown_route_is_404(client: httpx.Client) -> None:
    assert_errors(client.get("/api/no-such-route"), 404)
