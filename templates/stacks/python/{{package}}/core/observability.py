"""Request ids, one JSON log line per request, and Prometheus metrics.

Every request gets an id: the caller's `X-Request-Id` when it is a sane
token, a new UUIDv4 otherwise. It goes back on the response and onto every
log line written while the request is served, so one grep finds everything
a request did. Logs are JSON lines on stdout, for whatever collects them.
Nothing that authenticates is ever logged: no headers, no query strings, no
bodies; the request line keeps its path only.

`/metrics` serves the counters and histograms in Prometheus's text format.
Their `route` label is the route template as `/openapi.json` spells it
(`/items/{id}`), not the path, so the number of series stays bounded
whatever clients request.
"""

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import REGISTRY, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import CollectorRegistry
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem_response

REQUEST_ID_HEADER = "X-Request-Id"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
UNMATCHED_ROUTE = "unmatched"

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger(__name__)

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests served.", ["method", "route", "status"]
)
HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from a request's arrival to the end of its response.",
    ["method", "route", "status"],
)


def incoming_request_id(value: str | None) -> str:
    """The caller's request id if it is a plain token, otherwise a new UUIDv4."""
    if value is not None and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return str(uuid.uuid4())


class RequestObservability:
    """ASGI middleware: the request id, the request's log line and its metrics.

    It sits outermost, so it also answers (with a 500 problem) for an
    exception no handler took, and that response carries the id too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._other(scope, receive, send)
            return
        raw = dict(scope["headers"]).get(REQUEST_ID_HEADER.lower().encode())
        rid = incoming_request_id(raw.decode("latin-1") if raw is not None else None)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        response_started = False

        counted = False

        def count() -> None:
            nonlocal counted
            if not counted:
                counted = True
                duration = time.perf_counter() - started
                labels = (scope["method"], _route_template(scope), str(status))
                HTTP_REQUESTS.labels(*labels).inc()
                HTTP_REQUEST_DURATION.labels(*labels).observe(duration)

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, rid)
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                # Counted before the last byte leaves: a client that reads /metrics right after
                # its response must find that response counted.
                count()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error")
            status = 500
            if not response_started:
                response = problem_response(500, "an unexpected error occurred")
                await response(scope, receive, send_with_id)
        finally:
            count()
            duration = time.perf_counter() - started
            method = scope["method"]
            logger.info(
                "request finished",
                extra={
                    "request_id": rid,
                    "method": method,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(duration * 1000, 3),
                },
            )
            request_id.reset(token)

    async def _other(self, scope: Scope, receive: Receive, send: Send) -> None:
        # WebSockets and lifespan: no response to tag, but their log lines still get an id.
        token = request_id.set(str(uuid.uuid4()) if scope["type"] == "websocket" else None)
        try:
            await self.app(scope, receive, send)
        finally:
            request_id.reset(token)


def _route_template(scope: Scope) -> str:
    # The router leaves the route it matched in the scope; a 405 still names its route.
    # `path_format` drops convertors (`/{code:short_code}` is `/{code}`), as /openapi.json does.
    route = scope.get("route")
    path = getattr(route, "path_format", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


# Extra registries whose collectors belong to one app (e.g. counted in its database).
def app_registry(request: Request) -> CollectorRegistry | None:
    registry = getattr(request.app.state, "metrics_registry", None)
    return registry if isinstance(registry, CollectorRegistry) else None


router = APIRouter()


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Metrics in the Prometheus text exposition format",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
    tags=["operations"],
)
def metrics(request: Request) -> Response:
    """The process's metrics, for Prometheus to scrape."""
    body = generate_latest(REGISTRY)
    own = app_registry(request)
    if own is not None:
        body += generate_latest(own)
    # The classic text format (0.0.4), which every Prometheus version reads; the
    # metric names are plain ASCII, so the newer format would add nothing.
    return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4)


# Attributes every LogRecord has; whatever else a call passes in `extra=` is a field.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
# Belt and braces: should a token or password ever reach a message, it is blanked.
_SECRETS = re.compile(
    r"(?i)((?:[?&](?:token|access_token|refresh_token|password)=)|(?:bearer\s+))[^&\s\"']+"
)


def redact(text: str) -> str:
    return _SECRETS.sub(r"\1[redacted]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: level, time, msg, logger, request_id and any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "level": record.levelname.lower(),
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "msg": redact(record.getMessage()),
            "logger": record.name,
        }
        # Set on the record by the request's own lines, else read while it is being served.
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid is not None:
            line["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Send every logger, uvicorn's included, to stdout as JSON lines."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn's own handlers would print a second, plain-text copy.
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
