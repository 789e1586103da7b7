"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error leaves through one of these handlers, so clients see one shape:
invalid input of any kind is 400 with an `errors` array naming each field,
a database that does not answer is 503; an unexpected exception becomes a
bare 500 that leaks nothing in `observability.py`, outermost of all.
"""

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.routing import Match

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None


class ValidationProblem(Problem):
    errors: list[FieldError]


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    title = HTTPStatus(status).phrase
    problem = (
        Problem(title=title, status=status, detail=detail)
        if errors is None
        else ValidationProblem(title=title, status=status, detail=detail, errors=errors)
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def field_errors(errors: Sequence[Any]) -> list[FieldError]:
    return [FieldError(field=_field_name(error), message=_message(error)) for error in errors]


def _field_name(error: dict[str, Any]) -> str:
    if error["type"] == "json_invalid":
        return "body"
    # The first element says where the value came from (body, query, path, header).
    path = [str(part) for part in error["loc"][1:]]
    return ".".join(path) or str(error["loc"][0])


def _message(error: dict[str, Any]) -> str:
    context = error.get("ctx") or {}
    match error["type"]:
        case "missing":
            return "is required"
        case "json_invalid":
            return f"is not valid JSON: {context.get('error', 'decode error')}"
        # PlainText's length rules run after its validator, so pydantic reports
        # them as the generic too_short/too_long ("items"); say characters.
        case "string_too_short" | "too_short" if context.get("min_length") == 1:
            return "must not be empty"
        case "string_too_short" | "too_short":
            return f"must be at least {context['min_length']} {_unit(error)}"
        case "string_too_long" | "too_long":
            return f"must be at most {context['max_length']} {_unit(error)}"
        case "value_error":
            # Our own validators raise ValueError with the whole message.
            return str(context.get("error", error["msg"]))
        case _:
            return str(error["msg"])


def _unit(error: dict[str, Any]) -> str:
    return "characters" if isinstance(error.get("input"), str) else "items"


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    # A path segment that cannot be an id names no resource: that is "not found", not bad input.
    if any(error["loc"][0] == "path" for error in errors):
        return problem_response(404, f"{request.url.path} does not exist")
    return problem_response(400, "the request is invalid", errors=field_errors(errors))


async def _on_http_error(request: Request, exc: HTTPException) -> JSONResponse:
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
    headers = dict(exc.headers or {})
    errors = None
    if exc.status_code == 400:
        # FastAPI raises a bare 400 for a body it cannot even decode; it still names the field.
        errors = [FieldError(field="body", message=detail or "is invalid")]
    elif exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return problem_response(exc.status_code, detail, errors=errors, headers=headers)


def _allowed_methods(request: Request) -> str:
    # Starlette names only the methods of the first route on the path, but
    # `Allow` must list every method the path answers: ask each route.
    allowed = []
    for method in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def _on_database_unavailable(
    request: Request, exc: OperationalError | PoolTimeoutError
) -> JSONResponse:
    # The database is down, slow or every connection is busy: the client may
    # retry, unlike after a bug (500).
    reason = exc.orig if isinstance(exc, OperationalError) else exc
    logger.error("database unavailable on %s %s: %s", request.method, request.url.path, reason)
    return problem_response(503, "the database is unavailable", headers={"Retry-After": "5"})


def install_problem_handlers(app: FastAPI) -> None:
    app.exception_handler(RequestValidationError)(_on_validation_error)
    app.exception_handler(HTTPException)(_on_http_error)
    app.exception_handler(OperationalError)(_on_database_unavailable)
    app.exception_handler(PoolTimeoutError)(_on_database_unavailable)
