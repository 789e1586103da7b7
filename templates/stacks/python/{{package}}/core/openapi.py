"""The OpenAPI document, made to say exactly what the server answers.

FastAPI documents a 422 for every route with parameters, puts every response
under `application/json` and lets optional query parameters be null. This API
answers invalid input with 400 and errors with `application/problem+json`,
and a query string has no null, so the document is rewritten to match:
clients and fuzzers (schemathesis) then check the real behaviour.
"""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .problems import PROBLEM_MEDIA_TYPE, Problem, ValidationProblem

_HEADERS: dict[int, dict[str, Any]] = {
    429: {
        "Retry-After": {
            "description": "seconds to wait",
            "required": True,
            "schema": {"type": "integer"},
        }
    },
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry of a route for the error statuses it can answer."""
    return {
        status: {
            "model": ValidationProblem if status == 400 else Problem,
            "description": HTTPStatus(status).phrase,
            **({"headers": _HEADERS[status]} if status in _HEADERS else {}),
        }
        for status in statuses
    }


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _rewrite(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _rewrite(document: dict[str, Any]) -> None:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _drop_null_branch(parameter["schema"])
            responses = operation["responses"]
            if _is_fastapi_validation_error(responses.get("422")):
                responses.pop("422")
            for status, response in responses.items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _is_fastapi_validation_error(response: dict[str, Any] | None) -> bool:
    # A 422 that a route declares itself (e.g. an Idempotency-Key reused with
    # another body) is real and stays documented.
    schema = (response or {}).get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


def _drop_null_branch(schema: dict[str, Any]) -> None:
    # An optional query parameter is absent, never null: a query string has no null.
    branches = schema.get("anyOf", [])
    if {"type": "null"} in branches:
        branches.remove({"type": "null"})
        if len(branches) == 1:
            schema.update(schema.pop("anyOf")[0])
