"""RealWorld's dialect at the edge of the API.

RealWorld front ends show `{"errors": {"<field>": ["<message>"]}}` for any
failed request, whatever its status, and expect 422 for invalid input. The
shared plumbing (`problems.py`, the body size cap, the last-resort 500)
answers RFC 9457 problem details, as every other folio service does; the
`RealWorldEdge` middleware translates them on the way out, so the router's
own 404s and 405s, the 429 of the rate limiter and the 503 of a database
that is down speak RealWorld too. The same middleware answers CORS: a front
end on another origin may call the API, and reads every answer, its 401s
included.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import PROBLEM_MEDIA_TYPE

# The field a failure names when no request field is at fault.
BODY_FIELD = "body"

# RealWorld's own words for the rules a field breaks.
BLANK = "can't be blank"


class Errors(BaseModel):
    """RealWorld's error shape: each field at fault (else `body`) and what is wrong with it."""

    errors: dict[str, list[str]] = Field(min_length=1)


class FieldsError(Exception):
    """A failure that names the request fields at fault: 422, or 409 for a taken name."""

    def __init__(
        self, status: int, errors: Mapping[str, str], headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = {field: [message] for field, message in errors.items()}
        self.headers = headers


def unprocessable(field: str, message: str) -> FieldsError:
    return FieldsError(422, {field: message})


def errors_response(
    status: int, errors: dict[str, list[str]], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"errors": errors}, status_code=status, headers=headers)


def _field(error: Mapping[str, Any]) -> str:
    location = [str(part) for part in error["loc"]]
    if error["type"] == "json_invalid" or len(location) < 2:
        return BODY_FIELD
    if location[0] == "body":
        # `("body", "user", "email")` is the field `email` of the wrapped user;
        # a broken wrapper (`{"user": "x"}`) names the wrapper.
        return location[2] if len(location) > 2 else location[1]
    return location[1]


def _message(error: Mapping[str, Any]) -> str:
    context = error.get("ctx") or {}
    match error["type"]:
        case "missing":
            return BLANK
        case "json_invalid":
            return "must be a JSON object"
        # PlainText's length rules run after its validator, so pydantic reports
        # them as the generic too_short/too_long ("items").
        case "string_too_short" | "too_short" if error.get("input") == "":
            return BLANK
        case "string_too_short" | "too_short" if isinstance(error.get("input"), str):
            return f"is too short (minimum is {context['min_length']} characters)"
        case "string_too_long" | "too_long" if isinstance(error.get("input"), str):
            return f"is too long (maximum is {context['max_length']} characters)"
        case "too_long":
            return f"must have at most {context['max_length']} items"
        case "string_type":
            return "must be a string"
        case "list_type":
            return "must be a list of strings"
        case "model_type" | "model_attributes_type" | "dict_type":
            return "must be an object"
        case "string_pattern_mismatch":
            return "is invalid"
        case "literal_error":
            return f"must be one of {context.get('expected', '').replace(' or ', ', ')}".replace(
                "'", ""
            )
        case "greater_than_equal":
            return f"must be at least {context['ge']}"
        case "less_than_equal":
            return f"must be at most {context['le']}"
        case "value_error":
            return str(context.get("error", error["msg"]))
        case _:
            return str(error["msg"])


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Pydantic's errors as RealWorld's: one list of messages per field."""
    collected: dict[str, list[str]] = {}
    for error in errors:
        messages = collected.setdefault(_field(error), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return collected


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    # A path segment that cannot be a slug or an id names nothing: that is "not found".
    if any(error["loc"][0] == "path" for error in errors):
        return errors_response(404, {BODY_FIELD: [f"{request.url.path} does not exist"]})
    return errors_response(422, validation_errors(errors))


async def _on_field_errors(request: Request, exc: FieldsError) -> JSONResponse:
    return errors_response(exc.status, exc.errors, exc.headers)


def translate_problem(status: int, body: bytes) -> bytes:
    """A problem details body as RealWorld's error body, keeping what it says."""
    try:
        problem = json.loads(body)
    except ValueError:
        problem = {}
    errors: dict[str, list[str]] = {}
    for item in problem.get("errors") or []:
        errors.setdefault(str(item.get("field") or BODY_FIELD), []).append(str(item["message"]))
    if not errors:
        detail = problem.get("detail") or HTTPStatus(status).phrase.lower()
        errors[BODY_FIELD] = [str(detail)]
    return json.dumps({"errors": errors}, separators=(",", ":")).encode()


ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id"
EXPOSED_HEADERS = "Retry-After, X-Request-Id"


class RealWorldEdge:
    """CORS on every answer, and problem details rewritten as RealWorld's errors.

    The token travels in the Authorization header, never in a cookie, so any
    origin may call the API without credentials: `*` cannot ride on a
    visitor's session. A preflight is answered here, before routing.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = {key.lower(): value for key, value in scope["headers"]}
        if scope["method"] == "OPTIONS" and b"access-control-request-method" in request_headers:
            await self._preflight(send)
            return
        status = 200
        start: Message | None = None
        held: list[bytes] | None = None

        async def send_translated(message: Message) -> None:
            nonlocal status, start, held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Access-Control-Allow-Origin"] = "*"
                headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
                if headers.get("content-type", "").startswith(PROBLEM_MEDIA_TYPE):
                    status, start, held = message["status"], message, []
                    if status == 400:
                        # The shared 400 for bad input (a body that is not even
                        # text, say) is RealWorld's 422.
                        status = start["status"] = 422
                    return
                await send(message)
                return
            if message["type"] == "http.response.body" and held is not None and start:
                held.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = translate_problem(status, b"".join(held))
                headers = MutableHeaders(scope=start)
                headers["Content-Type"] = "application/json"
                headers["Content-Length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": body})
                held = None
                return
            await send(message)

        await self.app(scope, receive, send_translated)

    @staticmethod
    async def _preflight(send: Send) -> None:
        headers = [
            (b"access-control-allow-origin", b"*"),
            (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
            (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
            (b"access-control-max-age", b"86400"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


_HEADERS: dict[int, dict[str, Any]] = {
    status: {
        "Retry-After": {
            "description": "seconds to wait",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    }
    for status in (429, 503)
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry of a route for the error statuses it can answer.

    Every route may also answer 503 when the database is down.
    """
    return {
        status: {
            "model": Errors,
            "description": HTTPStatus(status).phrase,
            **({"headers": _HEADERS[status]} if status in _HEADERS else {}),
        }
        for status in (*statuses, 503)
    }


# `openapi_extra` of a route that a token may come with but need not.
TOKEN_OPTIONAL: dict[str, Any] = {"security": [{}]}


def install_realworld(app: FastAPI) -> None:
    app.exception_handler(RequestValidationError)(_on_validation_error)
    app.exception_handler(FieldsError)(_on_field_errors)
    # Added after the others, so it runs first: every answer, a 500 included, is translated.
    app.add_middleware(RealWorldEdge)

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
    """FastAPI's document, made to say what the server answers.

    FastAPI documents its own 422 body and lets optional query parameters be
    null; this API's 422 is RealWorld's, and a query string has no null.
    """
    errors_ref = {"$ref": "#/components/schemas/Errors"}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _drop_null_branch(parameter["schema"])
            responses = operation["responses"]
            if "422" in responses:
                responses["422"] = {
                    "description": "The request is invalid; `errors` names each field.",
                    "content": {"application/json": {"schema": errors_ref}},
                }
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.setdefault("Errors", Errors.model_json_schema())


def _drop_null_branch(schema: dict[str, Any]) -> None:
    branches: Sequence[Any] = schema.get("anyOf", [])
    if {"type": "null"} in branches:
        rest = [branch for branch in branches if branch != {"type": "null"}]
        schema.pop("anyOf")
        if len(rest) == 1:
            schema.update(rest[0])
        else:
            schema["anyOf"] = rest
