"""Conventions every project shares: health, readiness, the OpenAPI document, errors."""

import re
from typing import Any

import httpx
from support import assert_json, assert_problem

# Every row of the contract table: its success code and each failure code.
ROWS = {
    ("get", "/weather/current"): {200, 400, 404, 502, 504},
    ("get", "/weather/forecast"): {200, 400, 404, 502, 504},
    ("get", "/cache/stats"): {200},
}
PARAMETERS = {
    "/weather/current": {"city", "lat", "lon"},
    "/weather/forecast": {"city", "lat", "lon", "days"},
}


def test_healthz(client: httpx.Client) -> None:
    assert assert_json(client.get("/healthz"), 200) == {"status": "ok"}


def test_readyz_while_the_cache_backend_answers(client: httpx.Client) -> None:
    assert client.get("/readyz").status_code == 200


def _operations(client: httpx.Client) -> dict[tuple[str, str], dict]:
    """Each operation by (method, path with `{}` for parameters), its parameters' `$ref`s resolved
    and the path item's own parameters included, as OpenAPI reads them."""
    document = assert_json(client.get("/openapi.json"), 200)
    assert str(document.get("openapi", "")).startswith("3."), document.get("openapi")

    def resolve(parameter: dict) -> dict:
        while "$ref" in parameter:
            node: Any = document
            for part in parameter["$ref"].removeprefix("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            parameter = node
        return parameter

    operations = {}
    for path, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options"}:
                parameters = [resolve(p) for p in shared + operation.get("parameters", [])]
                operations[(method, re.sub(r"\{[^}]*\}", "{}", path))] = {**operation, "parameters": parameters}
    return operations


def test_openapi_documents_every_row_with_its_codes(client: httpx.Client) -> None:
    operations = _operations(client)
    for (method, path), codes in ROWS.items():
        assert (method, path) in operations, f"{method.upper()} {path} is not in /openapi.json"
        documented = set(operations[(method, path)].get("responses", {}))
        for code in codes:
            assert str(code) in documented or f"{str(code)[0]}XX" in documented, (
                f"{method.upper()} {path} does not document {code} (documents {sorted(documented)})"
            )


def test_openapi_documents_the_query_parameters(client: httpx.Client) -> None:
    operations = _operations(client)
    for path, names in PARAMETERS.items():
        parameters = operations[("get", path)].get("parameters", [])
        query = {p.get("name") for p in parameters if p.get("in") == "query"}
        assert names <= query, f"GET {path} documents the query parameters {sorted(query)}, expected {sorted(names)}"


def test_unknown_nested_route_is_a_404_problem(client: httpx.Client) -> None:
    assert_problem(client.get("/no/such/route"), 404, detail=False)
