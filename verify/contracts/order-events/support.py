"""What every order-events test shares: the shapes of an order, event and notification,
problem details, placing orders, setting stock, and waiting for the pipeline.

The pipeline is asynchronous: `POST /orders` answers 202 with the order `placed`,
and the relay and consumers (started by `make run` beside the API) move it on.
Every test waits for what it expects with a deadline instead of sleeping, and
uses skus and customer emails of its own, so stock and per-customer order are
the test's alone.

Redis is the cell's own database on the run's redis-server: REDIS_URL goes through
a gate the suite can close (FOLIO_REDIS_GATE) to cut the server off Redis, and
FOLIO_REDIS_DIRECT_URL reaches the same database around the gate.
"""

import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from clients import BASE_URL, TIMEOUT, new_client  # noqa: F401 (the tests import them from here)
from timestamps import assert_recent, parse_timestamp  # noqa: F401

REDIS_URL = os.environ.get("REDIS_URL")
REDIS_DIRECT_URL = os.environ.get("FOLIO_REDIS_DIRECT_URL") or REDIS_URL
GATE = Path(os.environ["FOLIO_REDIS_GATE"]) if os.environ.get("FOLIO_REDIS_GATE") else None
CLAIM_IDLE = int(os.environ.get("CLAIM_IDLE_MS", "30000")) / 1000
MAX_DELIVERIES = int(os.environ.get("MAX_DELIVERIES", "5"))

STREAM = "orders"
DEAD_STREAM = "orders.dead"
GROUPS = ("inventory", "notifications")
STATUSES = ("placed", "confirmed", "rejected")
EVENT_TYPES = ("order.placed", "order.confirmed", "order.rejected")
ORDER_KEYS = {"id", "customerEmail", "items", "status", "reason", "createdAt", "updatedAt"}
EVENT_KEYS = {"id", "type", "orderId", "occurredAt", "data"}
NOTIFICATION_KEYS = {"id", "orderId", "eventId", "channel", "to", "subject", "createdAt"}
# How long an order may take through relay and consumers on a loaded machine.
SETTLE = 20.0
LEAKS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3.", "SELECT ", "INSERT INTO", "node_modules", "goroutine")

T = TypeVar("T")


def unique_sku(prefix: str = "sku") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unique_email(prefix: str = "buyer") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@verify.example"


# ---- responses --------------------------------------------------------------


def assert_json(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/json", f"Content-Type {media_type!r}, expected application/json"
    return response.json()


def assert_problem(response: httpx.Response, status: int, fields: set[str] | None = None) -> dict[str, Any]:
    """An RFC 9457 problem with this status; for 400 an `errors` array naming at least `fields`."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"Content-Type {media_type!r}, expected application/problem+json"
    body = response.json()
    assert isinstance(body, dict) and body.get("status") == status, f"problem `status` is not {status}: {body}"
    for key in ("type", "title", "detail"):
        assert isinstance(body.get(key), str) and body[key], f"problem without a `{key}`: {body}"
    for leak in LEAKS:
        assert leak not in response.text, f"the problem leaks internals ({leak!r}): {response.text}"
    if status == 400:
        errors = body.get("errors")
        assert isinstance(errors, list) and errors, f"a 400 without an `errors` array: {body}"
        for error in errors:
            assert isinstance(error, dict) and isinstance(error.get("field"), str), f"an error without `field`: {error}"
            assert isinstance(error.get("message"), str) and error["message"], f"an error without `message`: {error}"
        missing = (fields or set()) - {error["field"] for error in errors}
        assert not missing, f"`errors` does not name {sorted(missing)}: {errors}"
    return body


def _id(value: Any) -> bool:
    return type(value) is int and value >= 1


def assert_order(order: Any) -> dict[str, Any]:
    assert isinstance(order, dict) and set(order) == ORDER_KEYS, f"an order has exactly {sorted(ORDER_KEYS)}: {order}"
    assert _id(order["id"]), f"an order id is a positive integer: {order['id']!r}"
    assert order["status"] in STATUSES, f"status {order['status']!r} is not one of {STATUSES}"
    assert isinstance(order["customerEmail"], str) and "@" in order["customerEmail"], order
    assert isinstance(order["items"], list) and order["items"], f"an order without items: {order}"
    for item in order["items"]:
        assert isinstance(item, dict) and set(item) == {"sku", "quantity"}, f"an item is {{sku, quantity}}: {item}"
        assert isinstance(item["sku"], str) and type(item["quantity"]) is int, item
    if order["status"] == "rejected":
        assert isinstance(order["reason"], str) and order["reason"], f"a rejected order says why: {order}"
    else:
        assert order["reason"] is None, f"only a rejected order has a reason: {order}"
    created, updated = parse_timestamp(order["createdAt"]), parse_timestamp(order["updatedAt"])
    assert updated >= created, f"updatedAt before createdAt: {order}"
    return order


def assert_event(event: Any, order_id: int | None = None) -> dict[str, Any]:
    assert isinstance(event, dict) and set(event) == EVENT_KEYS, f"an event has exactly {sorted(EVENT_KEYS)}: {event}"
    assert _id(event["id"]), f"an event id is a positive integer: {event['id']!r}"
    assert event["type"] in EVENT_TYPES, f"event type {event['type']!r} is not one of {EVENT_TYPES}"
    if order_id is not None:
        assert event["orderId"] == order_id, f"an event of order {order_id} names order {event['orderId']}"
    assert isinstance(event["data"], dict), f"an event's data is an object: {event}"
    parse_timestamp(event["occurredAt"])
    return event


def assert_notification(notification: Any) -> dict[str, Any]:
    assert isinstance(notification, dict) and set(notification) == NOTIFICATION_KEYS, (
        f"a notification has exactly {sorted(NOTIFICATION_KEYS)}: {notification}"
    )
    assert _id(notification["id"]) and _id(notification["orderId"]) and _id(notification["eventId"]), notification
    assert notification["channel"] == "email", notification
    assert isinstance(notification["subject"], str) and notification["subject"].strip(), notification
    parse_timestamp(notification["createdAt"])
    return notification


# ---- requests ---------------------------------------------------------------


def set_stock(client: httpx.Client, sku: str, available: int) -> None:
    body = assert_json(client.put(f"/inventory/{sku}", json={"available": available}), 200)
    assert body == {"sku": sku, "available": available}, body


def stock(client: httpx.Client, sku: str) -> int:
    body = assert_json(client.get(f"/inventory/{sku}"), 200)
    assert body["sku"] == sku and type(body["available"]) is int, body
    return body["available"]


def place(client: httpx.Client, sku: str, quantity: int = 1, email: str | None = None) -> dict[str, Any]:
    """POST /orders with one line; the 202's order, `placed`."""
    response = client.post(
        "/orders", json={"customerEmail": email or unique_email(), "items": [{"sku": sku, "quantity": quantity}]}
    )
    order = assert_order(assert_json(response, 202))
    assert order["status"] == "placed", f"a new order is placed, not {order['status']}: {order}"
    return order


def order(client: httpx.Client, order_id: int) -> dict[str, Any]:
    return assert_order(assert_json(client.get(f"/orders/{order_id}"), 200))


def events(client: httpx.Client, order_id: int) -> list[dict[str, Any]]:
    body = assert_json(client.get(f"/orders/{order_id}/events"), 200)
    assert isinstance(body, dict) and set(body) == {"data"}, body
    return [assert_event(event, order_id) for event in body["data"]]


def notifications(client: httpx.Client, order_id: int) -> list[dict[str, Any]]:
    body = assert_json(client.get("/notifications", params={"orderId": order_id}), 200)
    assert isinstance(body, dict) and set(body) == {"data"}, body
    return [assert_notification(n) for n in body["data"]]


def stats(client: httpx.Client) -> dict[str, Any]:
    body = assert_json(client.get("/pipeline/stats"), 200)
    assert isinstance(body, dict) and set(body) == {"outboxPending", "streams"}, body
    assert type(body["outboxPending"]) is int and body["outboxPending"] >= 0, body
    assert STREAM in body["streams"], f"/pipeline/stats has no `{STREAM}` stream: {body}"
    return body


def group(body: dict[str, Any], name: str) -> dict[str, Any]:
    groups = body["streams"][STREAM]["groups"]
    assert name in groups, f"/pipeline/stats has no group `{name}` on `{STREAM}`: {body}"
    return groups[name]


# ---- waiting ------------------------------------------------------------------


def wait_for(check: Callable[[], T | None], seconds: float, what: str) -> T:
    """Poll `check` until it returns something other than None/False; fail saying `what`."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"after {seconds:.0f} s: {what}")
        time.sleep(0.1)


def settled(client: httpx.Client, order_id: int, seconds: float = SETTLE) -> dict[str, Any]:
    """The order once it is confirmed or rejected and its notification exists."""

    def done() -> dict[str, Any] | None:
        current = order(client, order_id)
        return current if current["status"] != "placed" and notifications(client, order_id) else None

    return wait_for(done, seconds, f"order {order_id} is still placed, or has no notification")


def idle(client: httpx.Client, seconds: float = SETTLE) -> dict[str, Any]:
    """/pipeline/stats once nothing waits: no outbox row, nothing pending or unread in any group."""

    def quiet() -> dict[str, Any] | None:
        body = stats(client)
        groups = body["streams"][STREAM]["groups"]
        busy = body["outboxPending"] or any(g["pending"] or g["lag"] for g in groups.values())
        return None if busy else body

    return wait_for(quiet, seconds, f"the pipeline did not drain: {stats(client)}")


def readyz_becomes(client: httpx.Client, status: int, seconds: float) -> None:
    wait_for(lambda: client.get("/readyz").status_code == status, seconds, f"/readyz did not become {status}")
