"""Conventions every project shares: health, readiness, the OpenAPI document, errors."""

import re

import httpx

from support import assert_json, assert_problem

# Every row of the contract table: its success code and each failure code.
ROWS = {
    ("post", "/register"): {201, 400, 409},
    ("post", "/login"): {200, 400, 401},
    ("post", "/todos"): {201, 400, 401},
    ("get", "/todos"): {200, 400, 401},
    ("get", "/todos/{}"): {200, 401, 403, 404},
    ("put", "/todos/{}"): {200, 400, 401, 403, 404},
    ("delete", "/todos/{}"): {204, 401, 403, 404},
}


def test_healthz(client: httpx.Client) -> None:
    assert assert_json(client.get("/healthz"), 200) == {"status": "ok"}


def test_readyz_while_the_database_answers(client: httpx.Client) -> None:
    assert client.get("/readyz").status_code == 200


def test_openapi_documents_every_row_with_its_codes(client: httpx.Client) -> None:
    document = assert_json(client.get("/openapi.json"), 200)
    assert str(document.get("openapi", "")).startswith("3."), document.get("openapi")
    operations = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options"}:
                operations[(method, re.sub(r"\{[^}]*\}", "{}", path))] = operation
    for (method, path), codes in ROWS.items():
        assert (method, path) in operations, f"{method.upper()} {path} is not in /openapi.json"
        documented = set(operations[(method, path)].get("responses", {}))
        for code in codes:
            assert str(code) in documented or f"{str(code)[0]}XX" in documented, (
                f"{method.upper()} {path} does not document {code} (documents {sorted(documented)})"
            )


def test_unknown_route_is_a_404_problem(client: httpx.Client) -> None:
    assert_problem(client.get("/no-such-route"), 404, detail=False)


def test_no_stack_trace_for_a_wrong_method(client: httpx.Client) -> None:
    response = client.patch("/todos")
    assert response.status_code in (401, 404, 405), response.text
    assert response.headers.get("content-type", "").startswith("application/problem+json")
